namespace Concurrency;

/// <summary>Thrown by a submission to an executor that is shutting down or has shut down.</summary>
public sealed class ExecutorShutdownException : SubmissionRefusedException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ExecutorShutdownException()
        : this("The executor has been shut down and accepts no more work.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ExecutorShutdownException(string message)
        : base(message, executorName: null)
    {
    }

    private ExecutorShutdownException(string message, string executorName)
        : base(message, executorName)
    {
    }

    /// <inheritdoc/>
    public override RefusalReason Reason => RefusalReason.ShutDown;

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ExecutorShutdownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static ExecutorShutdownException For(string executorName) =>
        new($"Executor '{executorName}' is shut down (ShutdownAsync was called) and accepts no more work.", executorName);
}
