namespace Concurrency;

/// <summary>Thrown by a submission that would take the executor's backlog beyond its limit.</summary>
/// <remarks>A rejected submission created no work; it is counted in <see cref="ExecutorStatistics.Rejected"/>.</remarks>
public sealed class RejectedExecutionException : SubmissionRefusedException
{
    /// <summary>Creates the exception with a default message.</summary>
    public RejectedExecutionException()
        : this("The submission was rejected because the executor's backlog is at its limit.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RejectedExecutionException(string message)
        : base(message, executorName: null)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RejectedExecutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an executor's backlog and limit.</summary>
    /// <param name="executorName">The executor that refused the submission.</param>
    /// <param name="backlog">How many submissions were queued.</param>
    /// <param name="maxBacklog">The limit.</param>
    public RejectedExecutionException(string executorName, int backlog, int maxBacklog)
        : base($"Executor '{executorName}' rejected the submission: its backlog of {backlog} queued submission(s) is not allowed to go beyond {maxBacklog} (ExecutorOptions.MaxBacklog).", executorName)
    {
        Backlog = backlog;
        MaxBacklog = maxBacklog;
    }

    /// <inheritdoc/>
    public override RefusalReason Reason => RefusalReason.BacklogFull;

    /// <summary>How many submissions were queued when this one was refused.</summary>
    public int Backlog { get; }

    /// <summary>The backlog limit in force.</summary>
    public int MaxBacklog { get; }
}
