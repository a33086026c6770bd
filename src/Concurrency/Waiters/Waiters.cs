namespace Concurrency;

/// <summary>
/// futurist's waiters: wait for any or all of a set of submissions, with an optional timeout, and get back which have
/// ended. Any Tasks work, from any backend, mixed freely (futurist refuses to mix green and native futures). The waits
/// are asynchronous, so they never block a worker or a cooperative loop.
/// </summary>
public static class Waiters
{
    /// <summary>Waits until at least one Task has ended, or the timeout passes.</summary>
    /// <param name="tasks">The Tasks; an empty set returns at once.</param>
    /// <param name="timeout">How long to wait at most; null waits without limit, zero takes a snapshot.</param>
    /// <param name="timeProvider">The clock for the timeout; null is the system clock.</param>
    /// <param name="cancellationToken">Stops the wait (it then throws <see cref="OperationCanceledException"/>); the Tasks are not affected.</param>
    /// <returns>The Tasks that had ended and those that had not, when the wait returned.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> or one of them is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static Task<DoneAndNotDone> WaitForAnyAsync(
        IEnumerable<Task> tasks, TimeSpan? timeout = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var set = Validate(tasks, timeout);
        return WaitAsync(set, set.Count == 0 ? Task.CompletedTask : Task.WhenAny(set), timeout, timeProvider, cancellationToken);
    }

    /// <summary>Waits until every Task has ended, or the timeout passes.</summary>
    /// <param name="tasks">The Tasks; an empty set returns at once.</param>
    /// <param name="timeout">How long to wait at most; null waits without limit, zero takes a snapshot.</param>
    /// <param name="timeProvider">The clock for the timeout; null is the system clock.</param>
    /// <param name="cancellationToken">Stops the wait (it then throws <see cref="OperationCanceledException"/>); the Tasks are not affected.</param>
    /// <returns>The Tasks that had ended and those that had not, when the wait returned.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> or one of them is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static Task<DoneAndNotDone> WaitForAllAsync(
        IEnumerable<Task> tasks, TimeSpan? timeout = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var set = Validate(tasks, timeout);
        return WaitAsync(set, Task.WhenAll(set), timeout, timeProvider, cancellationToken);
    }

    private static async Task<DoneAndNotDone> WaitAsync(
        IReadOnlyList<Task> set, Task condition, TimeSpan? timeout, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        await Core.Deadline.WaitAsync(condition, timeout, Core.Simulated.Clock(timeProvider), cancellationToken).ConfigureAwait(Core.Simulated.Captures);
        cancellationToken.ThrowIfCancellationRequested();
        return new DoneAndNotDone(set);
    }

    private static List<Task> Validate(IEnumerable<Task> tasks, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeout), timeout, $"Timeout {timeout} is not accepted: use null to wait without limit, zero for a snapshot, or a positive duration.");
        }

        var set = tasks.ToList();
        int missing = set.IndexOf(null!);
        if (missing >= 0)
        {
            throw new ArgumentNullException(nameof(tasks), $"The Task at position {missing} is null: every element must be a Task.");
        }

        return set;
    }
}
