namespace Concurrency.Core;

/// <summary>What a backend sees of a submission: start it, run it, publish its outcome, or cancel it while queued.</summary>
internal interface IWorkItem : IStartedWork
{
    /// <summary>True when the item released its slot itself, before its Task completed (a <see cref="DirectWorkItem{TState, TResult}"/>).</summary>
    bool IsReleased { get; }

    /// <summary>
    /// True when a shutdown waits for this released item's Task (its slot was freed, not handed to a queued item that
    /// holds it until then): publishing it ends that wait.
    /// </summary>
    bool Settling { get; set; }

    /// <summary>For an item that released its slot itself: the next item the slot went to, started; once.</summary>
    IStartedWork? TakeHandOff();

    /// <summary>The executor the item was submitted to.</summary>
    PooledExecutor Owner { get; }

    /// <summary>Restarts the queue-wait clock when a delayed item comes due, so its delay is not counted as queue wait.</summary>
    void MarkDue(long now);

    /// <summary>Watches the submission's token while the item waits in a queue.</summary>
    void WatchCancellation();

    /// <summary>Fails an item the backlog limit refused (already marked and counted by the engine).</summary>
    void PublishRejected(Exception error);

    /// <summary>The item after this one in its executor's <see cref="WorkQueue"/>; null at the tail or outside it.</summary>
    IWorkItem? Next { get; set; }

    /// <summary>True until the item starts or is canceled.</summary>
    bool IsPending { get; }

    /// <summary>When the item was submitted, in its executor's timestamp units.</summary>
    long SubmittedAt { get; }

    /// <summary>Moves the item from pending to running at <paramref name="startedAt"/>; false when it was canceled first.</summary>
    /// <param name="startedAt">A timestamp the caller already has (the submission's own, or the previous item's finish), so starting reads no clock under a lock.</param>
    bool TryStart(long startedAt);

    /// <summary>Completes the submission's Task from the recorded outcome. Called once, after the slot is released.</summary>
    void Publish();

    /// <summary>Moves a pending item to canceled; the caller then calls <see cref="PublishCanceled"/>.</summary>
    bool TryMarkCanceled();

    /// <summary>Counts the cancellation and completes the Task as canceled.</summary>
    void PublishCanceled();

    /// <summary>Completes a started item that could not be handed to a worker, as a failure.</summary>
    void FailToDispatch(Exception error);
}
