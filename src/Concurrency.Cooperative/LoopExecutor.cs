using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The cooperative executor: up to MaxWorkers submissions in flight on one loop, the rest queued in FIFO order.
/// An in-flight submission is a busy worker; its slot is released when its work (and, for asynchronous work, its
/// Task) ends. On this backend runtime runs from the moment a submission is handed to the loop.
/// </summary>
internal sealed class LoopExecutor : ExecutorCore, ILoopTarget
{
    private readonly Lock _gate = new();
    private readonly SlotQueue _slots;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _sharesLoopClock;
    private bool _stopping;
    private bool _terminationSignaled;

    public LoopExecutor(CooperativeLoop loop, string name, int maxWorkers, ExecutorOptions options)
        : base(name, ConcurrencyBackend.Cooperative, CooperativeBackend.TypeName, maxWorkers, options.MaxBacklog, options)
    {
        Loop = loop;
        _slots = new SlotQueue(maxWorkers, options.MaxBacklog, Counters);
        _sharesLoopClock = ReferenceEquals(options.TimeProvider, loop.Time);
        try
        {
            loop.Attach(this);
        }
        catch (InvalidOperationException)
        {
            // Refused by a disposing loop: the executor never existed, so it leaves the metrics at once.
            Monitor.Close();
            throw;
        }
    }

    public CooperativeLoop Loop { get; }

    protected override bool IsCallerOnOwnWorker => Loop.IsOnLoopThread && ReferenceEquals(Loop.CurrentTarget, this);

    internal override long? OldestQueuedSubmittedAt()
    {
        lock (_gate)
        {
            return _slots.OldestSubmittedAt();
        }
    }

    public override PoolState GetPoolState()
    {
        lock (_gate)
        {
            return new PoolState(MaxWorkers, _slots.InFlight, idleWorkers: 0, _slots.InFlight, _slots.Queued, IsAlive);
        }
    }

    public bool Run(object? state, out long finishedAt)
    {
        var item = (IWorkItem)state!;
        bool finished = item.Run();

        // The item read the clock as it ended; when it is the loop's clock too, the slice's end needs no read of its own.
        finishedAt = _sharesLoopClock ? item.FinishedAt : 0;
        return finished;
    }

    public void Complete(object? state) => Release((IWorkItem)state!);

    public string Describe(object? state) => $"executor '{Name}' work {((IWorkItem)state!).Description}";

    internal override void OnDetachedItemFinished(IWorkItem item) => Release(item);

    internal override void OnQueuedItemCanceled(IWorkItem item)
    {
        bool terminated;
        lock (_gate)
        {
            _slots.OnCanceled();
            terminated = TryTerminateLocked();
        }

        if (terminated)
        {
            Terminate();
        }
    }

    protected override ScheduleOutcome Schedule(IWorkItem item, out int backlog)
    {
        ScheduleOutcome outcome;
        lock (_gate)
        {
            backlog = _slots.Queued;
            if (_stopping)
            {
                return ScheduleOutcome.ShutDown;
            }

            outcome = _slots.Admit(item, out backlog);
        }

        if (outcome == ScheduleOutcome.Dispatched)
        {
            Loop.Post(this, item);
        }

        return outcome;
    }

    protected override Task Stop(bool cancelPending)
    {
        List<IWorkItem>? canceled = null;
        bool terminated;
        lock (_gate)
        {
            _stopping = true;
            MarkStopping();
            if (cancelPending)
            {
                canceled = _slots.CancelAll();
            }

            terminated = TryTerminateLocked();
        }

        if (canceled is not null)
        {
            canceled.ForEach(static item => item.PublishCanceled());
            lock (_gate)
            {
                _slots.OnPublished(canceled.Count);
                terminated |= TryTerminateLocked();
            }
        }

        if (terminated)
        {
            Terminate();
        }

        return _terminated.Task;
    }

    private void Release(IWorkItem item)
    {
        IWorkItem? next;
        bool terminated;
        lock (_gate)
        {
            _slots.Release();
            next = _slots.TakeNext(item.FinishedAt != 0 ? item.FinishedAt : Counters.Time.GetTimestamp());
            terminated = TryTerminateLocked();
        }

        item.Publish();
        if (next is not null)
        {
            Loop.Post(this, next);
        }

        if (terminated)
        {
            Terminate();
        }
    }

    private bool TryTerminateLocked()
    {
        if (!_stopping || _terminationSignaled || !_slots.IsEmpty)
        {
            return false;
        }

        _terminationSignaled = true;
        return true;
    }

    private void Terminate()
    {
        Loop.Detach(this);
        _terminated.TrySetResult();
    }
}
