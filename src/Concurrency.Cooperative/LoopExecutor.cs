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
    private readonly Queue<IWorkItem> _queue = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queued;
    private int _inFlight;
    private bool _stopping;
    private bool _terminationSignaled;

    public LoopExecutor(CooperativeLoop loop, string name, int maxWorkers, int? maxBacklog, TimeProvider time)
        : base(name, ConcurrencyBackend.Cooperative, maxWorkers, maxBacklog, time)
    {
        Loop = loop;
        loop.Attach(this);
    }

    public CooperativeLoop Loop { get; }

    protected override bool IsCallerOnOwnWorker => Loop.IsOnLoopThread && ReferenceEquals(Loop.CurrentTarget, this);

    public override PoolState GetPoolState()
    {
        lock (_gate)
        {
            return new PoolState(MaxWorkers, _inFlight, idleWorkers: 0, _inFlight, _queued);
        }
    }

    public bool Run(object? state) => ((IWorkItem)state!).Run();

    public void Complete(object? state) => Release((IWorkItem)state!);

    public string Describe(object? state) => $"executor '{Name}' work {((IWorkItem)state!).Description}";

    internal override void OnDetachedItemFinished(IWorkItem item) => Release(item);

    internal override void OnQueuedItemCanceled(IWorkItem item)
    {
        bool terminated;
        lock (_gate)
        {
            _queued--;
            terminated = TryTerminateLocked();
        }

        if (terminated)
        {
            Terminate();
        }
    }

    protected override ScheduleOutcome Schedule(IWorkItem item, out int backlog)
    {
        lock (_gate)
        {
            backlog = _queued;
            if (_stopping)
            {
                return ScheduleOutcome.ShutDown;
            }

            if (_inFlight >= MaxWorkers)
            {
                if (_queued >= MaxBacklog)
                {
                    return ScheduleOutcome.Rejected;
                }

                _queue.Enqueue(item);
                _queued++;
                return ScheduleOutcome.Queued;
            }

            item.TryStart();
            _inFlight++;
        }

        Loop.Post(this, item);
        return ScheduleOutcome.Dispatched;
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
                while (_queue.TryDequeue(out var queued))
                {
                    if (queued.TryMarkCanceled())
                    {
                        (canceled ??= []).Add(queued);
                        _queued--;
                    }
                }
            }

            terminated = TryTerminateLocked();
        }

        canceled?.ForEach(static item => item.PublishCanceled());
        if (terminated)
        {
            Terminate();
        }

        return _terminated.Task;
    }

    private void Release(IWorkItem item)
    {
        IWorkItem? next = null;
        bool terminated;
        lock (_gate)
        {
            _inFlight--;
            while (_queue.TryDequeue(out var queued))
            {
                if (queued.TryStart())
                {
                    _queued--;
                    _inFlight++;
                    next = queued;
                    break;
                }
            }

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
        if (!_stopping || _terminationSignaled || _inFlight != 0 || _queued != 0)
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
