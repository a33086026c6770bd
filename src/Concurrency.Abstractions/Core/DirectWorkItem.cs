namespace Concurrency.Core;

/// <summary>
/// A synchronous submission that found a slot free and has no token, delay or key: the Task handed to the caller is
/// the item itself, one object where a queued submission needs two (its promise and its Task), since submissions
/// that never wait are most of them and every byte is collected.
/// </summary>
/// <remarks>
/// <para>The Task's delegate runs the work when the backend calls <see cref="Run"/>, in the ExecutionContext the Task
/// captured; it records the outcome and releases the slot before returning, so the Task completes counted and with its
/// slot already free, as a queued item's does. The next item that slot went to waits in <see cref="_handOff"/> for the
/// backend (<see cref="PooledExecutor.ReleaseAndTakeNext"/>).</para>
/// <para>With no token it can be canceled by nothing, and being never queued, no shutdown cancels it: so no promise is
/// needed, and a delegate Task can hold every outcome it can have (a result, or the work's exception).</para>
/// </remarks>
internal sealed class DirectWorkItem<TState, TResult> : Task<TResult>, IWorkItem
{
    // Static, so no delegate is allocated per item: the item is the Task the engine's scheduler is executing.
    private static readonly Func<object?, TResult> s_invoke = static _ => ((DirectWorkItem<TState, TResult>)InlineTaskScheduler.Executing!).Invoke();

    private readonly PooledExecutor _owner;
    private readonly TState _state;

    // The work, kept for reports after it ran (the watchdog names a slow slice as it ends), or a failure to dispatch.
    private object? _slot;
    private IStartedWork? _handOff;
    private long _clock;
    private WorkOutcome _outcome;
    private bool _released;

    public DirectWorkItem(PooledExecutor owner, Func<TState, CancellationToken, TResult> work, TState state)
        : base(s_invoke, null, CancellationToken.None, owner.ContinuationOptions)
    {
        _owner = owner;
        _slot = work;
        _state = state;
        _clock = owner.Counters.Time.GetTimestamp();
    }

    public PooledExecutor Owner => _owner;

    public string Description => _slot is Func<TState, CancellationToken, TResult> work ? WorkDescription.Of(work, _state) : "(not dispatched)";

    public long FinishedAt => _outcome == WorkOutcome.None ? 0 : _clock;

    public string? Key => null;

    public int Lane { get; set; }

    public bool IsPending => false;

    public bool Settling { get; set; }

    public long SubmittedAt => _clock;

    public IWorkItem? Next
    {
        get => null;
        set => throw new InvalidOperationException("A direct work item is never queued.");
    }

    /// <summary>True once the slot was released from inside the run; the backend then takes <see cref="TakeHandOff"/>.</summary>
    public bool IsReleased => _released;

    /// <summary>
    /// Starts the Task on the engine's scheduler, which queues nothing (the caller gets a started Task, as from
    /// <c>Task.Run</c>), and counts the start: the submission is its start, so it waited for nothing.
    /// </summary>
    public void MarkStarted()
    {
        Start(InlineTaskScheduler.Instance);
        _owner.Monitor.RecordQueueWait(0);
    }

    public bool Run()
    {
        InlineTaskScheduler.Instance.Execute(this);
        return true;
    }

    /// <summary>The next item the released slot went to; once.</summary>
    public IStartedWork? TakeHandOff()
    {
        var next = _handOff;
        _handOff = null;
        return next;
    }

    public void Publish()
    {
        // The Task completed as the run ended.
    }

    public void FailToDispatch(Exception error)
    {
        _slot = new DispatchFailure(error);
        Run();
    }

    public void Execute() => _owner.RunFromDotNetPool(this);

    public bool TryStart(long startedAt) => false;

    public void MarkDue(long now) => throw NeverQueued();

    public void WatchCancellation() => throw NeverQueued();

    public void PublishRejected(Exception error) => throw NeverQueued();

    public bool TryMarkCanceled() => false;

    public void PublishCanceled() => throw NeverQueued();

    private static InvalidOperationException NeverQueued() => new("A direct work item is never queued, delayed or canceled.");

    private TResult Invoke()
    {
        if (_slot is DispatchFailure failure)
        {
            // The backend could not run it, and the engine released its slot: it ends as that failure.
            Finish(WorkOutcome.Faulted);
            throw failure.Error;
        }

        var work = (Func<TState, CancellationToken, TResult>)_slot!;
        var thread = ThreadBaseline.Current;
        TResult result;
        try
        {
            result = work(_state, CancellationToken.None);
        }
        catch (Exception)
        {
            thread.Restore();
            End(WorkOutcome.Faulted);
            throw;
        }

        thread.Restore();
        End(WorkOutcome.Completed);
        return result;
    }

    private void End(WorkOutcome outcome)
    {
        Finish(outcome);
        _handOff = _owner.ReleaseFromRun(this);
        _released = true;
    }

    private void Finish(WorkOutcome outcome)
    {
        _clock = _owner.RecordEnded(outcome, _clock);
        _outcome = outcome;
    }

    private sealed class DispatchFailure(Exception error)
    {
        public Exception Error { get; } = error;
    }
}
