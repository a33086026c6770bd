using System.Diagnostics.Metrics;
using Concurrency.Cells;
using Microsoft.Extensions.Logging;

namespace Concurrency;

/// <summary>
/// Watches the .NET thread pool, which runs Kestrel's requests and every continuation on either backend: a probe is
/// queued to it every quarter of the threshold, and one that starts later than the threshold is reported with the
/// pool's threads, minimum and backlog. Code that blocks pool threads (a driver's synchronous cancellation,
/// sync-over-async) starves it, and past its minimum the pool adds about two threads a second, so a service stalls
/// with every thread waiting and nothing else logged.
/// </summary>
/// <remarks>
/// The delay is measured from when the probe was due, so a timer that is itself late (timers fire on the pool)
/// counts too. Each probe is recorded on the histogram <c>concurrency.dotnet_pool.queue_delay</c> (seconds) of the
/// library's meter; warnings are limited to one per 10 seconds, with a count of those held back.
/// </remarks>
public sealed partial class DotNetPoolWatchdog : IDisposable
{
    private static readonly TimeSpan s_warningInterval = TimeSpan.FromSeconds(10);

    private readonly DotNetPoolWatchdogOptions _options;
    private readonly Action<Action<DotNetPoolWatchdog>, DotNetPoolWatchdog> _queue;
    private readonly TimeSpan _interval;
    private readonly ITimer _timer;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _delays;
    private readonly WarningLimiter _warnings = new(s_warningInterval);
    private readonly Lock _gate = new();
    private long _dueAt;
    private long _lastDelayTicks;
    private long _maxDelayTicks;
    private long _stalls;
    private bool _disposed;

    /// <summary>Starts probing at once.</summary>
    /// <param name="options">The threshold, logger, clock and meter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is under 1 ms or over a day.</exception>
    public DotNetPoolWatchdog(DotNetPoolWatchdogOptions options)
        : this(options, static (probe, watchdog) => ThreadPool.UnsafeQueueUserWorkItem(probe, watchdog, preferLocal: false))
    {
    }

    /// <summary>Tests queue the probe themselves, to run it when they choose.</summary>
    internal DotNetPoolWatchdog(DotNetPoolWatchdogOptions options, Action<Action<DotNetPoolWatchdog>, DotNetPoolWatchdog> queue)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Threshold < TimeSpan.FromMilliseconds(1) || options.Threshold > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Threshold, $"Threshold {options.Threshold} is not accepted: use 1 ms to 1 day.");
        }

        _options = options;
        _queue = queue;
        _interval = options.Threshold / 4;
        _ownsMeter = options.MeterFactory is null;
        _meter = options.MeterFactory?.Create(ExecutorMetrics.MeterName) ?? new Meter(ExecutorMetrics.MeterName);
        _delays = _meter.CreateHistogram<double>(
            "concurrency.dotnet_pool.queue_delay", "s", "How long a work item queued to the .NET thread pool waited before it ran.");
        var time = options.TimeProvider;
        lock (_gate)
        {
            _dueAt = time.GetTimestamp() + Ticks(_interval);
            _timer = time.CreateTimer(static state => ((DotNetPoolWatchdog)state!).Due(), this, _interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>How long the latest probe waited for a pool thread.</summary>
    public TimeSpan LastQueueDelay => Delay(Interlocked.Read(ref _lastDelayTicks));

    /// <summary>The longest any probe waited since the watchdog started.</summary>
    public TimeSpan MaxQueueDelay => Delay(Interlocked.Read(ref _maxDelayTicks));

    /// <summary>Probes that waited longer than the threshold: each a stall of the whole pool.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    /// <summary>Stops probing; a probe already queued records nothing.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }

        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void Due() => _queue(static watchdog => watchdog.ProbeRan(), this);

    private void ProbeRan()
    {
        var time = _options.TimeProvider;
        long now = time.GetTimestamp();
        TimeSpan delay;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            long ticks = Math.Max(0, now - _dueAt);
            Interlocked.Exchange(ref _lastDelayTicks, ticks);
            if (ticks > Interlocked.Read(ref _maxDelayTicks))
            {
                Interlocked.Exchange(ref _maxDelayTicks, ticks);
            }

            delay = Delay(ticks);
            _dueAt = now + Ticks(_interval);
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }

        _delays.Record(delay.TotalSeconds);
        if (delay > _options.Threshold)
        {
            Interlocked.Increment(ref _stalls);
            Warn(delay);
        }
    }

    private void Warn(TimeSpan delay)
    {
        if (_options.Logger is not { } logger || !_warnings.TryWarn(string.Empty, _options.TimeProvider, out int suppressed))
        {
            return;
        }

        ThreadPool.GetMinThreads(out int minimum, out _);
        Log.Stalled(
            logger, delay.TotalMilliseconds, ThreadPool.ThreadCount, minimum, ThreadPool.PendingWorkItemCount, _options.MinThreadsSetting,
            suppressed, s_warningInterval.TotalSeconds);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _options.TimeProvider.TimestampFrequency);

    private TimeSpan Delay(long ticks) => _options.TimeProvider.GetElapsedTime(0, ticks);

    private static partial class Log
    {
        // 5xx: the .NET thread pool; every id in the library is unique (LogEventIdTests).
        [LoggerMessage(EventId = 501, Level = LogLevel.Warning,
            Message = "The .NET thread pool ran a work item {DelayMs:0} ms after it was due ({Threads} threads, minimum {Minimum}, {Pending} work items waiting). Either code on its threads blocks (a driver's synchronous cancellation, sync-over-async) and the pool adds threads past its minimum only about two a second: raise {Setting} above the threads that block at once, or move the blocking calls to a pool; or every core is busy and each thread waits for one ({Suppressed} more such warnings in the last {IntervalSeconds} s were not logged)")]
        public static partial void Stalled(
            ILogger logger, double delayMs, int threads, int minimum, long pending, string setting, int suppressed, double intervalSeconds);
    }
}
