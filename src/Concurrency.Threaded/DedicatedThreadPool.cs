using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The thread-pool executor: dedicated threads, a FIFO queue, and slots that bound in-flight submissions.
/// </summary>
/// <remarks>
/// Invariants, all under <see cref="_gate"/>: the slot rules of <see cref="SlotQueue"/>, and a thread is idle only when
/// no queued item can start. A submission that finds a free slot goes straight to the most recently idle thread (LIFO keeps a hot
/// set of threads and lets the cold ones time out), or to a new thread when none is idle.
/// </remarks>
internal sealed partial class DedicatedThreadPool : ExecutorCore
{
    [ThreadStatic]
    private static DedicatedThreadPool? t_owner;

    private readonly Lock _gate = new();
    private readonly SlotQueue _slots;
    private readonly LinkedList<Worker> _idle = new();
    private readonly List<Worker> _workers = [];
    private readonly List<Thread> _exitedThreads = [];
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly int _minWorkers;
    private readonly long _idleTimeoutTicks;
    private readonly ITimer? _retirementTimer;
    private int _threads;
    private int _retiring;
    private int _threadSequence;
    private bool _stopping;
    private bool _terminationSignaled;

    public DedicatedThreadPool(string name, int maxWorkers, int minWorkers, TimeSpan idleTimeout, ExecutorOptions options)
        : base(name, ConcurrencyBackend.Threaded, ThreadedBackend.TypeName, maxWorkers, options.MaxBacklog, options)
    {
        var time = options.TimeProvider;
        int? maxBacklog = options.MaxBacklog;
        _time = time;
        _slots = new SlotQueue(maxWorkers, maxBacklog, Counters);
        _minWorkers = minWorkers;
        if (idleTimeout != Timeout.InfiniteTimeSpan)
        {
            _idleTimeoutTicks = (long)(idleTimeout.TotalSeconds * time.TimestampFrequency);
            TimeSpan period = TimerLimits.CheckPeriod(idleTimeout);
            _retirementTimer = time.CreateTimer(static state => ((DedicatedThreadPool)state!).RetireIdleWorkers(), this, period, period);
        }
    }

    protected override bool IsCallerOnOwnWorker => t_owner == this;

    internal override long? OldestQueuedSubmittedAt()
    {
        lock (_gate)
        {
            return _slots.OldestSubmittedAt();
        }
    }

    internal override string DescribeBusyWorkers()
    {
        List<string> running;
        lock (_gate)
        {
            running = [.. _workers.Select(worker => worker.Current).OfType<IWorkItem>().Select(item => item.Description)];
        }

        return string.Join(", ", running.GroupBy(description => description).OrderByDescending(group => group.Count())
            .Select(group => group.Count() == 1 ? group.Key : $"{group.Key} x{group.Count()}"));
    }

    public override PoolState GetPoolState()
    {
        lock (_gate)
        {
            return new PoolState(MaxWorkers, _threads, _idle.Count, _slots.InFlight, _slots.Queued, IsAlive);
        }
    }

    protected override ScheduleOutcome Schedule(IWorkItem item, out int backlog)
    {
        Worker? idle;
        lock (_gate)
        {
            backlog = _slots.Queued;
            if (_stopping)
            {
                return ScheduleOutcome.ShutDown;
            }

            var outcome = _slots.Admit(item, out backlog);
            if (outcome != ScheduleOutcome.Dispatched)
            {
                return outcome;
            }

            idle = ReserveWorkerLocked(item);
        }

        Dispatch(item, idle);
        return ScheduleOutcome.Dispatched;
    }

    internal override void OnDetachedItemFinished(IWorkItem item)
    {
        IWorkItem? next;
        Worker? idle = null;
        bool terminated;
        lock (_gate)
        {
            _slots.Release();
            next = _slots.TakeNext(FinishedOrNow(item));
            if (next is not null)
            {
                idle = ReserveWorkerLocked(next);
            }

            terminated = TryTerminateLocked();
        }

        item.Publish();
        if (next is not null)
        {
            Dispatch(next, idle);
        }

        if (terminated)
        {
            CompleteTermination();
        }
    }

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
            CompleteTermination();
        }
    }

    protected override Task Stop(bool cancelPending)
    {
        List<Worker>? toWake = null;
        List<IWorkItem>? canceled = null;
        bool terminated;
        lock (_gate)
        {
            if (!_stopping)
            {
                _stopping = true;
                MarkStopping();
                toWake = [.. _idle];
                _idle.Clear();
            }

            if (cancelPending)
            {
                canceled = _slots.CancelAll();
            }

            terminated = TryTerminateLocked();
        }

        _retirementTimer?.Dispose();
        if (canceled is not null)
        {
            canceled.ForEach(static item => item.PublishCanceled());
            lock (_gate)
            {
                _slots.OnPublished(canceled.Count);
                terminated |= TryTerminateLocked();
            }
        }

        toWake?.ForEach(static worker => worker.Wake(null));
        if (terminated)
        {
            CompleteTermination();
        }

        return _terminated.Task;
    }

    /// <summary>Hands a started item to the most recently idle worker, or reserves a new thread for it (null).</summary>
    private Worker? ReserveWorkerLocked(IWorkItem item)
    {
        if (_idle.Last is { } last)
        {
            _idle.RemoveLast();
            last.Value.Assign(item);
            return last.Value;
        }

        _threads++;
        return null;
    }

    private void Dispatch(IWorkItem item, Worker? idle)
    {
        // A thread that cannot start fails its item; its slot then starts the next queued item, which may need a thread too.
        IWorkItem? next = item;
        while (next is { } starting)
        {
            if (idle is not null)
            {
                idle.Wake();
                return;
            }

            (next, idle) = StartThreadOrFail(starting);
        }
    }

    /// <returns>The next queued item and its worker when <paramref name="item"/>'s thread could not start; (null, null) otherwise.</returns>
    private (IWorkItem? Next, Worker? Idle) StartThreadOrFail(IWorkItem item)
    {
        var worker = new Worker(item);
        try
        {
            StartThread(worker);
            return (null, null);
        }
        catch (Exception error)
        {
            // The runtime could not create a thread (out of memory, a thread limit): the item fails with that error.
            IWorkItem? next;
            Worker? idle = null;
            bool terminated;
            lock (_gate)
            {
                _threads--;
                _workers.Remove(worker);
                _slots.Release();
                next = _slots.TakeNext(_time.GetTimestamp());
                if (next is not null)
                {
                    idle = ReserveWorkerLocked(next);
                }

                terminated = TryTerminateLocked();
            }

            worker.Dispose();
            item.FailToDispatch(error);
            if (terminated)
            {
                CompleteTermination();
            }

            return (next, idle);
        }
    }

    private void RetireIdleWorkers()
    {
        List<Worker>? retiring = null;
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            while (!_stopping
                && _threads - _retiring > _minWorkers
                && _idle.First is { } oldest
                && now - oldest.Value.IdleSince >= _idleTimeoutTicks)
            {
                _idle.RemoveFirst();
                oldest.Value.Retiring = true;
                _retiring++;
                (retiring ??= []).Add(oldest.Value);
            }
        }

        retiring?.ForEach(static worker => worker.Wake(null));
    }

    // The time the finished item already read: the next item starts then, and an idle worker is idle since then.
    private long FinishedOrNow(IWorkItem finished) => finished.FinishedAt != 0 ? finished.FinishedAt : _time.GetTimestamp();

    private bool TryTerminateLocked()
    {
        if (!_stopping || _terminationSignaled || _threads != 0 || !_slots.IsEmpty)
        {
            return false;
        }

        _terminationSignaled = true;
        return true;
    }

    private void CompleteTermination()
    {
        Thread[] exited;
        lock (_gate)
        {
            exited = [.. _exitedThreads];
            _exitedThreads.Clear();
        }

        // Join on a pool thread: the last worker signals termination a few instructions before its thread ends.
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                foreach (var thread in state.exited)
                {
                    thread.Join();
                }

                state.terminated.TrySetResult();
            },
            (exited, terminated: _terminated),
            preferLocal: false);
    }
}
