using System.Diagnostics.Metrics;
using Concurrency.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Concurrency;

/// <summary>
/// One executor's reporting: metrics registration and histograms, the statistics lines on Nova's period, and the
/// rate-limited warning when work has to queue. Reporting never fails a submission: a throwing logger or metrics
/// listener is counted in <see cref="ReportingFailures"/> and otherwise ignored.
/// </summary>
internal sealed class ExecutorMonitor
{
    /// <summary>At most one queued-work warning per executor in this interval; the ones in between are counted.</summary>
    internal static readonly TimeSpan QueuedWarningInterval = TimeSpan.FromSeconds(10);

    private readonly WeakReference<PooledExecutor> _owner;
    private readonly StatisticsCounters _counters;
    private readonly ExecutorMetrics _metrics;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly ILogger _logger;
    private readonly long _periodTicks;
    private readonly long _warningIntervalTicks;
    private long _lastReport = long.MinValue;
    private long _lastQueuedWarning = long.MinValue;
    private int _suppressedWarnings;
    private long _reportingFailures;
    private readonly long _starvationTicks;
    private readonly ITimer? _starvationTimer;
    private long _starvationReportedFor = long.MinValue;
    private long _deadlockWarnings;
    private readonly string _sizeSetting;

    public ExecutorMonitor(PooledExecutor owner, string typeName, ExecutorOptions options)
    {
        _owner = new WeakReference<PooledExecutor>(owner);
        _counters = owner.Counters;
        MaxWorkers = owner.MaxWorkers;
        TypeName = typeName;
        PoolName = options.PoolName ?? owner.Name;
        _sizeSetting = options.SizeSetting ?? "its MaxWorkers";
        _metrics = options.Metrics;
        _tags = [new("executor.name", owner.Name), new("executor.backend", owner.Backend)];
        _logger = options.LoggerFactory?.CreateLogger("Concurrency.Executor") ?? NullLogger.Instance;
        long frequency = _counters.Time.TimestampFrequency;
        _periodTicks = options.StatisticsPeriod is { } period ? (long)(period.TotalSeconds * frequency) : -1;
        _warningIntervalTicks = (long)(QueuedWarningInterval.TotalSeconds * frequency);
        if (options.StarvationThreshold is { } threshold && _logger.IsEnabled(LogLevel.Warning))
        {
            _starvationTicks = (long)(threshold.TotalSeconds * frequency);
            var checkEvery = TimerLimits.CheckPeriod(threshold);
            _starvationTimer = _counters.Time.CreateTimer(static state => ((ExecutorMonitor)state!).CheckStarvation(), this, checkEvery, checkEvery);
        }

        _metrics.Register(this);
    }

    public string PoolName { get; }

    public string TypeName { get; }

    public int MaxWorkers { get; }

    public long ReportingFailures => Interlocked.Read(ref _reportingFailures);

    /// <summary>Times work running on this pool submitted work that had to queue behind it.</summary>
    public long DeadlockWarnings => Interlocked.Read(ref _deadlockWarnings);

    /// <summary>The counters, or null once the executor is gone (it then leaves the metrics).</summary>
    public StatisticsCounters? Counters => Owner is null ? null : _counters;

    private PooledExecutor? Owner
    {
        get
        {
            if (_owner.TryGetTarget(out var owner))
            {
                return owner;
            }

            Close();
            return null;
        }
    }

    public PoolState? State() => Owner?.GetPoolState();

    public Measurement<long> Measure(long value) => new(value, _tags);

    public Measurement<long> Measure(long value, string key, string tag) => new(value, [.. _tags, new(key, tag)]);

    public void RecordQueueWait(long ticks) => Record(_metrics.QueueDuration, ticks);

    public void RecordRuntime(long ticks) => Record(_metrics.Duration, ticks);

    public void OnAccepted(PooledExecutor owner, IWorkItem item, bool queued)
    {
        // Nothing to report costs no clock read: this runs on every submission.
        bool warn = queued && _logger.IsEnabled(LogLevel.Warning);
        if (!warn && _periodTicks < 0)
        {
            return;
        }

        try
        {
            long now = _counters.Time.GetTimestamp();
            if (warn)
            {
                WarnQueued(owner, item, now);
            }

            if (_periodTicks >= 0 && IsDue(ref _lastReport, _periodTicks, now))
            {
                Report(owner);
            }
        }
        catch (Exception)
        {
            // A failing logger must not turn an accepted submission into an exception for its caller.
            Interlocked.Increment(ref _reportingFailures);
        }
    }

    /// <summary>Logs the two statistics lines now.</summary>
    public void Report(PooledExecutor owner)
    {
        var statistics = owner.GetStatistics();
        var state = owner.GetPoolState();
        ExecutorLog.Statistics(_logger, PoolName, statistics.Failures, statistics.Executed, statistics.Runtime.TotalSeconds, statistics.Canceled);
        ExecutorLog.State(_logger, PoolName, TypeName, state.MaxWorkers, state.Workers, state.IdleWorkers, state.Queued);
    }

    /// <summary>
    /// Nova's deadlock: work running on this pool submitted work to the same pool and it had to queue, because every
    /// worker is busy. If the parent now waits for the child, nothing can ever free a worker.
    /// </summary>
    public void OnQueuedFromOwnWorker(PooledExecutor owner, IWorkItem child)
    {
        Interlocked.Increment(ref _deadlockWarnings);
        try
        {
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                ExecutorLog.PossibleDeadlock(_logger, PoolName, child.Description, owner.MaxWorkers, owner.DescribeBusyWorkers());
            }
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _reportingFailures);
        }
    }

    public void Close()
    {
        _starvationTimer?.Dispose();
        _metrics.Unregister(this);
    }

    private void CheckStarvation()
    {
        try
        {
            if (Owner is not { } owner || owner.OldestQueuedSubmittedAt() is not { } oldest)
            {
                return;
            }

            var state = owner.GetPoolState();
            long waited = _counters.Time.GetTimestamp() - oldest;
            if (state.BusyWorkers < state.MaxWorkers || waited < _starvationTicks || Interlocked.Exchange(ref _starvationReportedFor, oldest) == oldest)
            {
                return;
            }

            ExecutorLog.Starved(_logger, PoolName, (double)waited / _counters.Time.TimestampFrequency, state.Queued, state.MaxWorkers, owner.DescribeBusyWorkers());
        }
        catch (Exception)
        {
            // The check runs on a timer; a failing logger must not take the timer down.
            Interlocked.Increment(ref _reportingFailures);
        }
    }

    private void WarnQueued(PooledExecutor owner, IWorkItem item, long now)
    {
        if (!IsDue(ref _lastQueuedWarning, _warningIntervalTicks, now))
        {
            Interlocked.Increment(ref _suppressedWarnings);
            return;
        }

        int suppressed = Interlocked.Exchange(ref _suppressedWarnings, 0);
        ExecutorLog.Queued(_logger, PoolName, item.Description, owner.GetPoolState().Queued, MaxWorkers, _sizeSetting, suppressed, QueuedWarningInterval.TotalSeconds);
    }

    private static bool IsDue(ref long last, long interval, long now)
    {
        long previous = Volatile.Read(ref last);
        return (previous == long.MinValue || now - previous >= interval) && Interlocked.CompareExchange(ref last, now, previous) == previous;
    }

    private void Record(Histogram<double> histogram, long ticks)
    {
        if (!histogram.Enabled)
        {
            return;
        }

        try
        {
            histogram.Record((double)ticks / _counters.Time.TimestampFrequency, _tags);
        }
        catch (Exception)
        {
            // A throwing metrics listener must not fail the work item it measured.
            Interlocked.Increment(ref _reportingFailures);
        }
    }
}
