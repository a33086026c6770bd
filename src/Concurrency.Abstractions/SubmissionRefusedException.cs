namespace Concurrency;

/// <summary>
/// Thrown by a submission the executor refused, having created no work: it is shutting down
/// (<see cref="ExecutorShutdownException"/>) or its backlog is full (<see cref="RejectedExecutionException"/>).
/// Catch this one type to handle every refusal; <see cref="ExecutorExtensions.TrySubmit(IExecutor, Action{CancellationToken}, out Task, CancellationToken)"/>
/// and its overloads return false instead of throwing it.
/// </summary>
public abstract class SubmissionRefusedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="executorName">The executor that refused the submission, when known.</param>
    protected SubmissionRefusedException(string message, string? executorName)
        : base(message)
    {
        ExecutorName = executorName;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    protected SubmissionRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The executor that refused the submission, when known.</summary>
    public string? ExecutorName { get; }

    /// <summary>Why the submission was refused.</summary>
    public abstract RefusalReason Reason { get; }
}
