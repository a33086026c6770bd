using Concurrency.Testing;
namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// A <see cref="ManualTimeProvider"/> whose one-shot timers (created without a period, as the delayed-work timer is),
/// when disposed, stop the disposing thread at a gate until the test opens it: a shutdown that disposes the
/// delayed-work timer can be held at that step while the test acts. Periodic timers (a pool's retirement, the
/// starvation check) pass freely.
/// </summary>
public sealed class GatedTimeProvider : TimeProvider
{
    private readonly ManualTimeProvider _inner = new();
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _open = new();

    /// <summary>Completes when a thread reaches the gate (the first one-shot timer's disposal).</summary>
    public Task DisposeReached => _reached.Task;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _inner.CreateTimer(callback, state, dueTime, period);
        return period == Timeout.InfiniteTimeSpan ? new GatedTimer(this, timer) : timer;
    }

    /// <summary>Lets every thread held at the gate, and every later disposal, through.</summary>
    public void Open() => _open.Set();

    public void Advance(TimeSpan by) => _inner.Advance(by);

    private sealed class GatedTimer(GatedTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            owner._reached.TrySetResult();
            owner._open.Wait(TestTimeouts.Ceiling);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
