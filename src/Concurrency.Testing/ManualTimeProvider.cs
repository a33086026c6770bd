namespace Concurrency.Testing;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>; timers due by then fire on the advancing thread,
/// in deadline order. Thread-safe, so work on pool threads may read it or advance it. Its timers keep the system
/// timer's rules, so code that breaks them fails here too: a due time or period over 4,294,967,294 ms throws, and a
/// period is counted in whole milliseconds (under 1 ms it rounds to zero and the timer fires once).
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _now;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How far the clock has been advanced.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _now));

    /// <inheritdoc/>
    public override long GetTimestamp() => Interlocked.Read(ref _now);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _origin + Elapsed;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Timers armed now.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    /// <summary>Moves the clock on by <paramref name="by"/>, firing every timer due by then on this thread, in deadline order.</summary>
    /// <param name="by">How far; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_gate)
        {
            target = _now + by.Ticks;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    Interlocked.Exchange(ref _now, target);
                    return;
                }

                Interlocked.Exchange(ref _now, Math.Max(_now, next.Due!.Value));
                next.Due = next.Period is { } period ? next.Due + period : null;
            }

            next.Fire();
        }
    }

    private void Register(ManualTimer timer)
    {
        lock (_gate)
        {
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? Due { get; set; }

        public long? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            CheckRange(dueTime, nameof(dueTime));
            CheckRange(period, nameof(period));
            period = TimeSpan.FromMilliseconds(Math.Floor(period.TotalMilliseconds));
            lock (owner._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : Math.Max(1, period.Ticks);
            }

            owner.Register(this);
            return true;
        }

        public void Fire() => callback(state);

        private static void CheckRange(TimeSpan value, string name)
        {
            if (value < Timeout.InfiniteTimeSpan || value.TotalMilliseconds > uint.MaxValue - 1)
            {
                throw new ArgumentOutOfRangeException(name, value, "The value must be -1 ms or between 0 and 4294967294 ms, as the system timer requires.");
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                Due = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
