using System.Globalization;

namespace Concurrency;

/// <summary>
/// An immutable snapshot of an executor's counters. Every submission whose Task has completed is already counted.
/// </summary>
/// <remarks>
/// Each submission that was accepted ends counted exactly once in <see cref="Executed"/> (it ran) or
/// <see cref="Canceled"/> (it never ran); a submission that was refused counts in <see cref="Rejected"/> only.
/// Runtime measures execution alone; time spent waiting in the queue is kept apart in <see cref="QueueWait"/>.
/// </remarks>
public sealed class ExecutorStatistics
{
    /// <summary>Creates a snapshot.</summary>
    /// <param name="executed">Submissions that ran, whether they failed or not.</param>
    /// <param name="failures">Submissions that ran and failed.</param>
    /// <param name="canceled">Submissions canceled before they ran.</param>
    /// <param name="rejected">Submissions refused by the backlog limit.</param>
    /// <param name="interrupted">Submissions that ran and stopped because their token was canceled.</param>
    /// <param name="runtime">Total execution time of the executed submissions.</param>
    /// <param name="queueWait">Total time the executed submissions waited before they ran.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count or a duration is negative.</exception>
    public ExecutorStatistics(long executed, long failures, long canceled, long rejected, long interrupted, TimeSpan runtime, TimeSpan queueWait)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(executed);
        ArgumentOutOfRangeException.ThrowIfNegative(failures);
        ArgumentOutOfRangeException.ThrowIfNegative(canceled);
        ArgumentOutOfRangeException.ThrowIfNegative(rejected);
        ArgumentOutOfRangeException.ThrowIfNegative(interrupted);
        ArgumentOutOfRangeException.ThrowIfLessThan(runtime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueWait, TimeSpan.Zero);
        Executed = executed;
        Failures = failures;
        Canceled = canceled;
        Rejected = rejected;
        Interrupted = interrupted;
        Runtime = runtime;
        QueueWait = queueWait;
    }

    /// <summary>Submissions that ran, whether they failed or not.</summary>
    public long Executed { get; }

    /// <summary>Submissions that ran and ended with an exception (other than their own cancellation).</summary>
    public long Failures { get; }

    /// <summary>Submissions canceled before they ran; they never ran.</summary>
    public long Canceled { get; }

    /// <summary>Submissions refused because the backlog was at its limit; they created no work.</summary>
    public long Rejected { get; }

    /// <summary>Submissions that ran and stopped because their cancellation token was canceled while running.</summary>
    public long Interrupted { get; }

    /// <summary>Total execution time of the executed submissions, excluding queue wait.</summary>
    public TimeSpan Runtime { get; }

    /// <summary>Average execution time of the executed submissions; zero when nothing has run.</summary>
    public TimeSpan AverageRuntime => Executed == 0 ? TimeSpan.Zero : Runtime / Executed;

    /// <summary>Total time the executed submissions spent queued before they started.</summary>
    public TimeSpan QueueWait { get; }

    /// <summary>Formats the snapshot the way operators know it from futurist and Nova's logs.</summary>
    /// <returns>For example <c>ExecutorStatistics(failures=0, executed=218, runtime=4.67, cancelled=0)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ExecutorStatistics(failures={Failures}, executed={Executed}, runtime={Runtime.TotalSeconds:0.00}, cancelled={Canceled})");
}
