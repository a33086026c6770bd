using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Concurrency;

/// <summary>Settings for a <see cref="CooperativeLoop"/>. Each setter validates its value.</summary>
public sealed class CooperativeLoopOptions
{
    private string _name = "cooperative-loop";
    private TimeSpan _slowSliceThreshold = TimeSpan.FromMilliseconds(100);
    private int _offloadWorkers = DefaultOffloadWorkers;
    private ExecutorMetrics _metrics = ExecutorMetrics.Shared;
    private LoopMetrics _loopMetrics = LoopMetrics.Shared;
    private string? _offloadSizeSetting;
    private TimeSpan? _offloadStarvationThreshold = ExecutorOptions.DefaultStarvationThreshold;
    private TimeSpan? _loopSchedulerSlice = DefaultLoopSchedulerSlice;
    private TimeSpan? _offloadSchedulerSlice = DefaultOffloadSchedulerSlice;
    private TimeProvider _timeProvider = TimeProvider.System;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;

    /// <summary>The loop's name: its thread's name and the prefix of its offload threads.</summary>
    /// <exception cref="ArgumentException">The name is empty, white space, or contains a control character.</exception>
    public string Name
    {
        get => _name;
        set => _name = Core.NameRules.IsDisplayName(value)
            ? value
            : throw new ArgumentException($"Loop name {Core.NameRules.Show(value)} is not accepted: use {Core.NameRules.DisplayNameRule}.", nameof(value));
    }

    /// <summary>
    /// A slice of work that holds the loop longer than this is reported (log warning and
    /// <see cref="CooperativeLoop.SlowSlices"/>). Default 100 ms, like asyncio's slow-callback warning;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the detector off.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite, or longer than a timer holds (about 49.7 days).</exception>
    public TimeSpan SlowSliceThreshold
    {
        get => _slowSliceThreshold;
        set => _slowSliceThreshold = (value > TimeSpan.Zero && value <= Core.TimerLimits.Max) || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, Core.TimerLimits.TooLong("SlowSliceThreshold", value, "use a positive duration, or Timeout.InfiniteTimeSpan to turn the detector off"));
    }

    /// <summary>
    /// Null (the default) runs ready work in FIFO order. A seed runs it in a random order reproducible from that
    /// seed, to find code that silently relies on cooperative ordering before it moves to threads.
    /// </summary>
    public int? ShuffleSeed { get; set; }

    /// <summary>
    /// The offload pool's default size: 256, as many blocking calls at once as the threaded backend's named pools
    /// allow, so moving a service to the cooperative loop never caps it below threads (eventlet's tpool has 20).
    /// </summary>
    public const int DefaultOffloadWorkers = 256;

    /// <summary>How many native threads <see cref="Offload"/> may use at once for this loop. Default <see cref="DefaultOffloadWorkers"/>; threads start as calls need them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="ExecutorOptions.MaxWorkersLimit"/>.</exception>
    public int OffloadWorkers
    {
        get => _offloadWorkers;
        set => _offloadWorkers = value is >= 1 and <= ExecutorOptions.MaxWorkersLimit
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"OffloadWorkers {value} is not accepted: use 1 to {ExecutorOptions.MaxWorkersLimit}.");
    }

    /// <summary>
    /// Offloaded calls that have waited this long while every offload thread is busy (exhausted, or deadlocked on each
    /// other) are reported through <see cref="LoggerFactory"/>, naming the pool and what holds its threads. Null turns
    /// the check off. Default <see cref="ExecutorOptions.DefaultStarvationThreshold"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative, or longer than a timer holds (about 49.7 days).</exception>
    public TimeSpan? OffloadStarvationThreshold
    {
        get => _offloadStarvationThreshold;
        set => _offloadStarvationThreshold = value is null || (value > TimeSpan.Zero && value <= Core.TimerLimits.Max)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, Core.TimerLimits.TooLong("OffloadStarvationThreshold", value ?? TimeSpan.Zero, "use null to turn the check off, or a positive duration"));
    }

    /// <summary>
    /// The loop thread's default scheduler slice: 0.5 ms. The shortest Linux takes, 0.1 ms, served as much under load
    /// but made a lone request about 4 us slower (benchmarks/README).
    /// </summary>
    public static readonly TimeSpan DefaultLoopSchedulerSlice = TimeSpan.FromMicroseconds(500);

    /// <summary>The offload threads' default scheduler slice: 10 ms.</summary>
    public static readonly TimeSpan DefaultOffloadSchedulerSlice = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The scheduler slice the loop thread asks Linux (6.12 or later) for; null leaves the OS's. Every request, callback
    /// and offloaded call's continuation waits for this one thread, so it asks for a short slice: the scheduler then runs
    /// it first when it wakes among many ready threads (a burst of offloaded calls returning), instead of after them. Its
    /// share of the CPU stays the same, and threads it starts get the OS's slice. Elsewhere it has no effect; the loop
    /// logs which. Default <see cref="DefaultLoopSchedulerSlice"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 0.1 ms or above 100 ms.</exception>
    public TimeSpan? LoopSchedulerSlice
    {
        get => _loopSchedulerSlice;
        set => _loopSchedulerSlice = SchedulerSlice.IsAccepted(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"LoopSchedulerSlice {value} is not accepted: {SchedulerSlice.Rule}.");
    }

    /// <summary>
    /// The scheduler slice each offload thread asks Linux (6.12 or later) for; null leaves the OS's. A blocking call
    /// takes a few milliseconds of scheduling delay in its stride, the loop does not: with a longer slice the offload
    /// threads still get their share of the CPU, but after the loop and the other threads when all are ready. Threads
    /// started from an offloaded call get the OS's slice. Default <see cref="DefaultOffloadSchedulerSlice"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 0.1 ms or above 100 ms.</exception>
    public TimeSpan? OffloadSchedulerSlice
    {
        get => _offloadSchedulerSlice;
        set => _offloadSchedulerSlice = SchedulerSlice.IsAccepted(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"OffloadSchedulerSlice {value} is not accepted: {SchedulerSlice.Rule}.");
    }

    /// <summary>Where the offload pool's queued-work warning tells an operator to raise its size; null names <see cref="OffloadWorkers"/>.</summary>
    /// <exception cref="ArgumentException">The value is empty, white space, or contains a control character.</exception>
    public string? OffloadSizeSetting
    {
        get => _offloadSizeSetting;
        set => _offloadSizeSetting = value is null || Core.NameRules.IsDisplayName(value)
            ? value
            : throw new ArgumentException($"OffloadSizeSetting {Core.NameRules.Show(value)} is not accepted: use null, or {Core.NameRules.DisplayNameRule}.", nameof(value));
    }

    /// <summary>The metrics the offload pool reports to; <see cref="ExecutorMetrics.Shared"/> unless set.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ExecutorMetrics Metrics
    {
        get => _metrics;
        set => _metrics = value ?? throw new ArgumentNullException(nameof(value), "Metrics cannot be null: use ExecutorMetrics.Shared or an instance made from an IMeterFactory.");
    }

    /// <summary>The instruments the loop reports its busy time, ready entries and slow slices to; <see cref="LoopMetrics.Shared"/> unless set.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public LoopMetrics LoopMetrics
    {
        get => _loopMetrics;
        set => _loopMetrics = value ?? throw new ArgumentNullException(nameof(value), "LoopMetrics cannot be null: use LoopMetrics.Shared or an instance made from an IMeterFactory.");
    }

    /// <summary>The clock for slice durations and the watchdog; tests inject their own.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null: use TimeProvider.System or a test clock.");
    }

    /// <summary>Where the loop reports slow slices, unhandled exceptions and late callbacks.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ILoggerFactory LoggerFactory
    {
        get => _loggerFactory;
        set => _loggerFactory = value ?? throw new ArgumentNullException(nameof(value), "LoggerFactory cannot be null: use NullLoggerFactory.Instance to discard reports.");
    }

    /// <summary>These settings for loop <paramref name="index"/> of a group: its own name and, in shuffle mode, its own seed.</summary>
    internal CooperativeLoopOptions ForGroupMember(int index) => new()
    {
        Name = $"{Name}-{index}",
        SlowSliceThreshold = SlowSliceThreshold,
        ShuffleSeed = ShuffleSeed is { } seed ? unchecked(seed + index) : null,
        OffloadWorkers = OffloadWorkers,
        OffloadStarvationThreshold = OffloadStarvationThreshold,
        OffloadSizeSetting = OffloadSizeSetting,
        LoopSchedulerSlice = LoopSchedulerSlice,
        OffloadSchedulerSlice = OffloadSchedulerSlice,
        Metrics = Metrics,
        LoopMetrics = LoopMetrics,
        TimeProvider = TimeProvider,
        LoggerFactory = LoggerFactory,
    };
}
