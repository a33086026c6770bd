namespace Concurrency.Core;

/// <summary>Waits for a Task, a deadline on a given clock, or a cancellation, whichever comes first; never throws.</summary>
internal static class Deadline
{
    /// <returns>A Task that completes at the first of the three; its timer is gone when it completes.</returns>
    /// <remarks>Any timeout works: one longer than a timer holds is waited for in several arms of the timer.</remarks>
    public static async Task WaitAsync(Task task, TimeSpan? timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return;
        }

        var stop = new TaskCompletionSource(Simulated.Continuations);
        using var deadline = timeout is { } due ? new Alarm(clock, due, stop) : null;
        await using var canceled = cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), stop).ConfigureAwait(Simulated.Captures);
        await Task.WhenAny(task, stop.Task).ConfigureAwait(Simulated.Captures);
    }

    /// <summary>Completes a TaskCompletionSource at a deadline, arming its timer again when it wakes at the timer's limit.</summary>
    private sealed class Alarm : IDisposable
    {
        private readonly TimeProvider _clock;
        private readonly long _deadline;
        private readonly TaskCompletionSource _stop;
        private readonly ITimer _timer;

        public Alarm(TimeProvider clock, TimeSpan timeout, TaskCompletionSource stop)
        {
            _clock = clock;
            _stop = stop;
            long now = clock.GetTimestamp();
            _deadline = TimerLimits.Add(now, timeout, clock.TimestampFrequency);
            _timer = clock.CreateTimer(static state => ((Alarm)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(TimerLimits.DueIn(_deadline - now, clock.TimestampFrequency), Timeout.InfiniteTimeSpan);
        }

        public void Dispose() => _timer.Dispose();

        private void OnTimer()
        {
            long left = _deadline - _clock.GetTimestamp();
            if (left <= 0)
            {
                _stop.TrySetResult();
            }
            else if (_deadline != long.MaxValue)
            {
                _timer.Change(TimerLimits.DueIn(left, _clock.TimestampFrequency), Timeout.InfiniteTimeSpan);
            }
        }
    }
}
