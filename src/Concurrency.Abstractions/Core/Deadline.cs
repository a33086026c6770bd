namespace Concurrency.Core;

/// <summary>Waits for a Task, a deadline on a given clock, or a cancellation, whichever comes first; never throws.</summary>
internal static class Deadline
{
    /// <returns>A Task that completes at the first of the three; its timer is gone when it completes.</returns>
    public static async Task WaitAsync(Task task, TimeSpan? timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var deadline = timeout is { } due
            ? clock.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), stop, due, Timeout.InfiniteTimeSpan)
            : null;
        await using var canceled = cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), stop).ConfigureAwait(false);
        await Task.WhenAny(task, stop.Task).ConfigureAwait(false);
    }
}
