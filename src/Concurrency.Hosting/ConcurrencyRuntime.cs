using System.Diagnostics.Metrics;
using Concurrency.Cells;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Concurrency.Hosting;

/// <summary>What AddConcurrency builds once per container: the chosen backend, its loop if cooperative, metrics and pools.</summary>
internal sealed partial class ConcurrencyRuntime : IAsyncDisposable
{
    private readonly CooperativeLoop? _loop;
    private readonly CooperativeLoopGroup? _group;
    private readonly ExecutorMetrics _metrics;
    private readonly ScatterGatherMetrics _scatterGatherMetrics;
    private readonly LoopMetrics? _loopMetrics;
    private readonly ILogger _logger;
    private IDisposable? _default;
    private ITimer? _loopLines;
    private readonly TimeSpan? _statisticsPeriod;
    private readonly TimeProvider _time;
    private readonly int? _dotNetPoolMinThreads;
    private readonly bool _poolsOnDotNetPool;
    private readonly IReadOnlyCollection<string> _configuredPools;
    private DotNetPoolMinimum? _dotNetPoolMinimum;
    private int _stopped;

    public ConcurrencyRuntime(
        IOptions<ConcurrencyOptions> configured, BackendChooser chooser, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        var options = configured.Value;
        _logger = loggerFactory?.CreateLogger("Concurrency.Hosting") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        (var backend, Reason) = chooser.Choose(options.Backend);
        _metrics = new ExecutorMetrics(meterFactory);
        var pools = new ExecutorPoolsOptions
        {
            LoggerFactory = loggerFactory,
            TimeProvider = timeProvider ?? TimeProvider.System,
            StatisticsPeriod = options.StatisticsPeriod < 0 ? null : TimeSpan.FromSeconds(options.StatisticsPeriod),
            Metrics = _metrics,
            PoolSizeSetting = $"{ConcurrencyOptions.SectionName}:Pools:{backend.Name}:{{pool}}",
        };
        if (options.ProcessName is { } process)
        {
            pools.ProcessName = process;
        }

        foreach (var (pool, size) in options.Pools.GetValueOrDefault(backend.Name) ?? [])
        {
            pools.PoolSizes[pool] = size;
        }

        bool onDotNetPool = backend.Name == ConcurrencyBackend.Threaded && options.ParsedThreads is ExecutorThreads.DotNetPool;
        if (backend.Name == ConcurrencyBackend.Threaded && options.ParsedThreads is { } threads)
        {
            backend = new HostedThreadedBackend(backend, threads);
        }

        if (backend.Name == ConcurrencyBackend.Cooperative)
        {
            _loopMetrics = new LoopMetrics(meterFactory);
            var loop = new CooperativeLoopOptions
            {
                Name = $"{pools.ProcessName}.loop",
                LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
                TimeProvider = pools.TimeProvider,
                SlowSliceThreshold = options.SlowSliceThresholdMilliseconds < 0
                    ? Timeout.InfiniteTimeSpan
                    : TimeSpan.FromMilliseconds(options.SlowSliceThresholdMilliseconds),
                OffloadWorkers = options.OffloadWorkers ?? CooperativeLoopOptions.DefaultOffloadWorkers,
                OffloadSizeSetting = $"{ConcurrencyOptions.SectionName}:{nameof(ConcurrencyOptions.OffloadWorkers)}",
                LoopSchedulerSlice = ConcurrencyOptions.SchedulerSlice(options.LoopSchedulerSliceMilliseconds),
                OffloadSchedulerSlice = ConcurrencyOptions.SchedulerSlice(options.OffloadSchedulerSliceMilliseconds),
                Metrics = _metrics,
                LoopMetrics = _loopMetrics,
            };
            if (options.LoopCount is null or 1)
            {
                _loop = new CooperativeLoop(loop);
                backend = new HostedCooperativeBackend(backend, _loop);
            }
            else
            {
                _group = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { LoopCount = options.LoopCount.Value, Loop = loop });
                backend = new HostedCooperativeBackend(backend, _group);
            }
        }

        Pools = new ExecutorPools(backend, pools);
        _scatterGatherMetrics = new ScatterGatherMetrics(meterFactory);

        // The pool's own bulkhead, on the host's clock, so the pool report and the health check see its cells.
        _ = CellBulkhead.Of(Pools.ScatterGather, new CellBulkheadOptions { TimeProvider = pools.TimeProvider });
        var gather = new ScatterGatherOptions
        {
            Executor = Pools.ScatterGather,
            Logger = loggerFactory?.CreateLogger("Concurrency.ScatterGather"),
            Metrics = _scatterGatherMetrics,
            TimeProvider = pools.TimeProvider,
        };
        if (options.ScatterGatherTimeoutSeconds is { } seconds)
        {
            gather.Timeout = TimeSpan.FromSeconds(seconds);
        }

        ScatterGatherer = new ScatterGatherer(gather);
        _statisticsPeriod = pools.StatisticsPeriod;
        _time = pools.TimeProvider;
        _dotNetPoolMinThreads = options.DotNetPoolMinThreads;
        _poolsOnDotNetPool = onDotNetPool;
        _configuredPools = [.. (options.Pools.GetValueOrDefault(backend.Name)?.Keys.AsEnumerable() ?? []).Union([PoolNames.Default, PoolNames.ScatterGather])];
        var watchdog = options.DotNetPoolDelayThresholdMilliseconds < 0 ? null : new DotNetPoolWatchdog(new DotNetPoolWatchdogOptions
        {
            Threshold = TimeSpan.FromMilliseconds(options.DotNetPoolDelayThresholdMilliseconds),
            Logger = loggerFactory?.CreateLogger("Concurrency.DotNetPool"),
            TimeProvider = pools.TimeProvider,
            MeterFactory = meterFactory,
            MinThreadsSetting = $"{ConcurrencyOptions.SectionName}:{nameof(ConcurrencyOptions.DotNetPoolMinThreads)}",
        });
        Host = new ConcurrencyHost(backend, Reason, Pools, ScatterGatherer, _group?.Loops ?? (_loop is null ? [] : [_loop]), watchdog);
        Log.Started(_logger, backend.Name, Reason);
        if (onDotNetPool)
        {
            Log.OnDotNetPool(_logger);
        }
    }

    public ExecutorPools Pools { get; }

    public ConcurrencyHost Host { get; }

    /// <summary>Scatter-gather on the host's pool, logger, timeout and meter; the process's default while the host runs.</summary>
    public ScatterGatherer ScatterGatherer { get; }

    public ScatterGatherMetrics ScatterGatherMetrics => _scatterGatherMetrics;

    public void Start()
    {
        _default ??= ScatterGatherer.BecomeDefault();
        RaiseDotNetPoolMinimum();

        // Each loop's line every statistics period, beside the pools' lines (a group's loops side by side show a hot key).
        if (_statisticsPeriod is { } period && period > TimeSpan.Zero && Host.Loops.Count > 0 && _logger.IsEnabled(LogLevel.Information))
        {
            _loopLines ??= _time.CreateTimer(static state => ((ConcurrencyRuntime)state!).LogLoopLines(), this, period, period);
        }
    }

    private void RaiseDotNetPoolMinimum()
    {
        if (_dotNetPoolMinimum is not null)
        {
            return;
        }

        var (target, why) = DotNetPoolMinimum.For(_poolsOnDotNetPool, _configuredPools.Order(StringComparer.Ordinal).Select(pool => (pool, Pools.GetPoolSize(pool))), _dotNetPoolMinThreads);
        _dotNetPoolMinimum = DotNetPoolMinimum.Apply(target, why, ioToo: _dotNetPoolMinThreads is not null);
        Log.DotNetPoolMinimum(_logger, _dotNetPoolMinimum.Before, _dotNetPoolMinimum.After, Host.Backend.Name, target, why);
    }

    private void LogLoopLines()
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var loop in Host.Loops)
        {
            string line = loop.GetState().ToString();
            Log.LoopState(_logger, line);
        }
    }

    public string Reason { get; }

    public ExecutorMetrics Metrics => _metrics;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _default?.Dispose();
        _loopLines?.Dispose();
        Host.DotNetPool?.Dispose();
        await Pools.ShutdownAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.DisposeAsync().ConfigureAwait(false);
        }

        if (_group is not null)
        {
            await _group.DisposeAsync().ConfigureAwait(false);
        }

        _dotNetPoolMinimum?.Release();

        if (_logger.IsEnabled(LogLevel.Information))
        {
            // As text: a report is a list, and a logger would join its pools with ", " into one line.
            string report = string.Join('\n', [Pools.GetReport().ToString(), .. Host.Loops.Select(loop => loop.GetState().ToString())]);
            Log.Stopped(_logger, report);
        }
        _metrics.Dispose();
        _scatterGatherMetrics.Dispose();
        _loopMetrics?.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static partial class Log
    {
        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Concurrency runs on the {Backend} backend ({Reason})")]
        public static partial void Started(ILogger logger, string backend, string reason);

        [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "The threaded pools run on the .NET pool's threads (Concurrency:Threads DotNetPool; Dedicated gives each pool threads of its own)")]
        public static partial void OnDotNetPool(ILogger logger);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Concurrency pools shut down:\n{Report}")]
        public static partial void Stopped(ILogger logger, string report);

        [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "{Line}")]
        public static partial void LoopState(ILogger logger, string line);

        [LoggerMessage(EventId = 304, Level = LogLevel.Information,
            Message = "The .NET thread pool's minimum worker threads: {Before} before, {After} now, for the {Backend} backend (target {Target}: {Why}); it goes back down when the host stops")]
        public static partial void DotNetPoolMinimum(ILogger logger, int before, int after, string backend, int target, string why);
    }
}
