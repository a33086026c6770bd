using System.Runtime.CompilerServices;

namespace Concurrency.Core;

/// <summary>
/// A submission and its future in one object: the item is the TaskCompletionSource of the Task handed out.
/// Continuations run asynchronously so a caller's code never runs on, and never holds, a pool worker (inside a
/// simulation, which has one thread, they run inline).
/// </summary>
/// <remarks>
/// <para>Every item runs inside an ExecutionContext: the submitter's, or a clean one when the submitter suppressed
/// flow, so whatever the work sets (AsyncLocals, culture, SynchronizationContext) is undone before the worker's next
/// item.</para>
/// <para>An <see cref="OperationCanceledException"/> counts as a cancellation (interrupted) only when the item's own
/// token was canceled; any other (an HTTP client's timeout, say) is a failure, and the Task faults with it.</para>
/// <para>State moves once from pending to running or canceled (a compare-and-swap decides races between a worker and a
/// cancellation). The outcome is recorded in the statistics before the Task is completed, so a caller that awaited
/// the Task always finds it counted.</para>
/// </remarks>
internal abstract class WorkItem<TResult> : TaskCompletionSource<TResult>, IWorkItem, IThreadPoolWorkItem
{
    private const int Pending = 0;
    private const int Running = 1;
    private const int Canceled = 2;

    // Fields are few and shared across the item's life, since every queued submission holds one: the
    // ExecutionContext until the work ran, then its error; one timestamp for submitted, then started, then finished;
    // a token, key and registration only when the submission has them (WorkItemExtras).
    private object? _contextOrError;
    private long _clock;
    private int _state;
    private bool _finishedInline;
    private TResult? _result;
    private WorkItemExtras? _extras;
    private IWorkItem? _next;

    protected WorkItem(PooledExecutor owner, CancellationToken cancellationToken)
        : base(owner.ContinuationOptions)
    {
        Owner = owner;
        if (cancellationToken.CanBeCanceled)
        {
            _extras = new WorkItemExtras(cancellationToken);
        }

        _contextOrError = ExecutionContext.Capture() ?? CleanContext.Instance;
        _clock = owner.Counters.Time.GetTimestamp();
    }

    public PooledExecutor Owner { get; }

    protected CancellationToken CancellationToken => _extras?.Token ?? default;

    protected WorkOutcome Outcome { get; private set; }

    public abstract string Description { get; }

    /// <summary>What a canceled submission, whose delegate is gone, is called.</summary>
    protected const string CanceledDescription = "(canceled before it ran)";

    public bool IsPending => Volatile.Read(ref _state) == Pending;

    public IWorkItem? Next
    {
        get => Volatile.Read(ref _next);
        set => Volatile.Write(ref _next, value);
    }

    public long SubmittedAt => _clock;

    public void MarkDue(long now) => _clock = now;

    public long FinishedAt => Outcome == WorkOutcome.None ? 0 : _clock;

    public string? Key
    {
        get => _extras?.Key;
        set
        {
            if (value is not null || _extras is not null)
            {
                (_extras ??= new WorkItemExtras(default)).Key = value;
            }
        }
    }

    public int Lane { get; set; }

    public bool TryStart(long startedAt)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Pending) != Pending)
        {
            return false;
        }

        CloseRegistration();
        long waited = Math.Max(startedAt - _clock, 0);
        _clock += waited;
        if (waited != 0)
        {
            Owner.Counters.RecordStarted(waited);
        }

        Owner.Monitor.RecordQueueWait(waited);
        return true;
    }

    public bool IsReleased => false;

    public bool Settling { get; set; }

    public IStartedWork? TakeHandOff() => null;

    /// <summary>Run by a .NET pool thread when the backend queued the item there (<see cref="PooledExecutor.QueueToDotNetPool"/>).</summary>
    public void Execute() => Owner.RunFromDotNetPool(this);

    public bool Run()
    {
        // The submitter's ambient state (AsyncLocal values) flows into the work, and none of the work's leaks back out;
        // nor do its changes to the thread, on any backend (ThreadBaseline).
        var thread = ThreadBaseline.Current;
        try
        {
            ExecutionContext.Run((ExecutionContext)_contextOrError!, static state => { var item = (WorkItem<TResult>)state!; item._finishedInline = item.RunCore(); }, this);
        }
        catch (Exception error) when (Outcome == WorkOutcome.None)
        {
            // Only a throwing AsyncLocal change handler gets here; the submission still ends, as a failure.
            RecordFault(error);
            return true;
        }
        finally
        {
            thread.Restore();
        }

        return _finishedInline;
    }

    /// <summary>Runs the work; returns true when the outcome is recorded.</summary>
    protected abstract bool RunCore();

    /// <summary>Drops the delegate and its state, so a canceled submission holds nothing it captured.</summary>
    protected abstract void ReleaseWork();

    public void Publish()
    {
        switch (Outcome)
        {
            case WorkOutcome.Completed:
                TrySetResult(_result!);
                break;
            case WorkOutcome.Faulted when _contextOrError is IEnumerable<Exception> errors:
                TrySetException(errors);
                break;
            case WorkOutcome.Faulted:
                TrySetException((Exception)_contextOrError!);
                break;
            case WorkOutcome.Interrupted:
                TrySetCanceled(CancellationToken);
                break;
            default:
                throw new InvalidOperationException("A work item was published before its outcome was recorded.");
        }
    }

    public bool TryMarkCanceled()
    {
        if (Interlocked.CompareExchange(ref _state, Canceled, Pending) != Pending)
        {
            return false;
        }

        CloseRegistration();

        // It will never run: what it captured goes now, not when a worker reaches its queue entry.
        _contextOrError = null;
        ReleaseWork();
        return true;
    }

    public void PublishCanceled()
    {
        Owner.Counters.RecordCanceled();
        TrySetCanceled(CancellationToken.IsCancellationRequested ? CancellationToken : new CancellationToken(true));
    }

    public void PublishRejected(Exception error) => TrySetException(error);

    public void FailToDispatch(Exception error)
    {
        RecordFault(error);
        Publish();
    }

    /// <summary>Watches the token while the item is queued, so a cancellation completes it at once.</summary>
    public void WatchCancellation()
    {
        if (_extras is not { } extras || !extras.Token.CanBeCanceled)
        {
            return;
        }

        var registration = new StrongBox<CancellationTokenRegistration>(
            extras.Token.UnsafeRegister(static state => ((WorkItem<TResult>)state!).OnCancellationRequested(), this));

        // Closed already (the item started or was canceled meanwhile): the registration is not needed.
        if (Interlocked.CompareExchange(ref extras.Watch, registration, null) is not null)
        {
            registration.Value.Unregister();
        }
    }

    protected void RecordResult(TResult result)
    {
        _result = result;
        Finish(WorkOutcome.Completed);
    }

    protected void RecordException(Exception error)
    {
        if (error is OperationCanceledException && CancellationToken.IsCancellationRequested)
        {
            Finish(WorkOutcome.Interrupted);
            return;
        }

        RecordFault(error);
    }

    /// <summary>Records the outcome of the Task returned by asynchronous work.</summary>
    protected void RecordFromTask(Task task, Func<Task, TResult> getResult)
    {
        if (task.IsCompletedSuccessfully)
        {
            RecordResult(getResult(task));
        }
        else if (task.IsCanceled)
        {
            RecordException(CanceledExceptionOf(task));
        }
        else
        {
            _contextOrError = task.Exception!.InnerExceptions;
            Finish(WorkOutcome.Faulted);
        }
    }

    private void RecordFault(Exception error)
    {
        _contextOrError = error;
        Finish(WorkOutcome.Faulted);
    }

    private void Finish(WorkOutcome outcome)
    {
        _clock = Owner.RecordEnded(outcome, _clock);
        Outcome = outcome;
    }

    private void OnCancellationRequested()
    {
        if (TryMarkCanceled())
        {
            PublishCanceled();
            Owner.LeaveQueueCanceledInPlace();
        }
    }

    private void CloseRegistration()
    {
        if (_extras is not { } extras || !extras.Token.CanBeCanceled)
        {
            // Nothing was or will be registered: no atomic operation on the hot path.
            return;
        }

        // Unregister, not Dispose: Dispose would wait for a running callback, which may be waiting for the caller.
        if (Interlocked.Exchange(ref extras.Watch, WorkItemExtras.Closed) is StrongBox<CancellationTokenRegistration> registration)
        {
            registration.Value.Unregister();
        }
    }

    private static OperationCanceledException CanceledExceptionOf(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException canceled)
        {
            return canceled;
        }

        return new TaskCanceledException(task);
    }
}
