namespace Concurrency.Testing;

/// <summary>
/// The simulation's clock: it stands still while work is ready and jumps to the next due timer when nothing is, so
/// timeouts, delays and periods cost no wall time. Its timers fire on the simulation's thread, as ready work.
/// </summary>
internal sealed class VirtualTime(SimulationScheduler scheduler) : TimeProvider
{
    private static readonly DateTimeOffset s_origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => scheduler.Now;

    public override DateTimeOffset GetUtcNow() => s_origin + TimeSpan.FromTicks(scheduler.Now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(scheduler, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }
}

/// <summary>One timer of the virtual clock; the scheduler keeps the armed ones.</summary>
internal sealed class VirtualTimer(SimulationScheduler scheduler, TimerCallback callback, object? state) : ITimer
{
    public TimerCallback Callback => callback;

    public object? State => state;

    /// <summary>When it fires next, in virtual ticks; null while it is not armed. Guarded by the scheduler's lock.</summary>
    public long? Due { get; set; }

    /// <summary>Its period in ticks, or null for a one-shot timer.</summary>
    public long? Period { get; set; }

    /// <summary>The order it was armed in, so equal deadlines have a stable order for the seed to shuffle.</summary>
    public long Sequence { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Check(dueTime, nameof(dueTime));
        Check(period, nameof(period));
        return scheduler.Arm(
            this,
            dueTime == Timeout.InfiniteTimeSpan ? null : dueTime.Ticks,
            period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : Math.Max(TimeSpan.TicksPerMillisecond, period.Ticks));
    }

    public void Dispose() => scheduler.Disarm(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Check(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Timer time {value} is not accepted: use Timeout.InfiniteTimeSpan or zero or more.");
        }
    }
}
