namespace Concurrency;

/// <summary>Why an executor refused a submission (<see cref="SubmissionRefusedException.Reason"/>).</summary>
public enum RefusalReason
{
    /// <summary>The executor is shutting down or has shut down.</summary>
    ShutDown,

    /// <summary>The executor's backlog is at its limit (<see cref="ExecutorOptions.MaxBacklog"/>).</summary>
    BacklogFull,
}
