namespace Concurrency.Core;

/// <summary>What a backend did with a submission.</summary>
internal enum ScheduleOutcome
{
    /// <summary>Started, or handed to a worker that will start it.</summary>
    Dispatched,

    /// <summary>Waiting for a free worker; its cancellation token must now be watched.</summary>
    Queued,

    /// <summary>Refused by the backlog limit.</summary>
    Rejected,

    /// <summary>Refused because the executor is shutting down.</summary>
    ShutDown,
}
