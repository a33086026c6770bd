namespace Concurrency.PeriodicWork;

/// <summary>
/// One callback of a <see cref="PeriodicWorker"/> and its watcher: how often it ran, succeeded and failed, how long it
/// ran and how long it waited past its due time, and whether it asked to stop.
/// </summary>
public sealed class PeriodicCallback
{
    private readonly PeriodicWorker _worker;
    private bool _enabled;

    internal PeriodicCallback(PeriodicWorker worker, string name, Func<CancellationToken, Task> invoke, TimeSpan spacing, bool runImmediately, bool enabled)
    {
        _worker = worker;
        Name = name;
        Invoke = invoke;
        Spacing = spacing;
        RunImmediately = runImmediately;
        _enabled = enabled;
    }

    /// <summary>The callback's name in reports.</summary>
    public string Name { get; }

    /// <summary>The time between runs, placed by the worker's <see cref="ScheduleStrategy"/>.</summary>
    public TimeSpan Spacing { get; }

    /// <summary>Whether the first run is at start rather than one spacing later.</summary>
    public bool RunImmediately { get; }

    /// <summary>Whether the callback runs; setting it takes effect at once (an enabled callback runs one spacing later).</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _worker.SetEnabled(this, value);
    }

    /// <summary>Runs started, counted as each run begins; <see cref="Successes"/> plus <see cref="Failures"/> are the runs that have ended.</summary>
    public long Runs { get; internal set; }

    /// <summary>Runs that returned, or stopped the callback with <see cref="NeverAgainException"/>.</summary>
    public long Successes { get; internal set; }

    /// <summary>Runs that threw anything else.</summary>
    public long Failures { get; internal set; }

    /// <summary>Total time spent running.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Total time runs started after they were due (a busy executor, a late timer).</summary>
    public TimeSpan ElapsedWaiting { get; internal set; }

    /// <summary>Whether the callback threw <see cref="NeverAgainException"/>; it is not run again.</summary>
    public bool StopRequested { get; internal set; }

    /// <summary>When the callback is next due, in seconds on the worker's clock; null before the worker starts.</summary>
    public double? NextRunAt { get; internal set; }

    internal Func<CancellationToken, Task> Invoke { get; }

    internal bool IsRunning { get; set; }

    internal void SetEnabledField(bool value) => _enabled = value;

    internal void ResetWatcher()
    {
        Runs = Successes = Failures = 0;
        Elapsed = ElapsedWaiting = TimeSpan.Zero;
        StopRequested = false;
        NextRunAt = null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: runs={Runs}, successes={Successes}, failures={Failures}, elapsed={Elapsed.TotalSeconds:0.###}s, elapsed_waiting={ElapsedWaiting.TotalSeconds:0.###}s, requested_stop={StopRequested}";
}
