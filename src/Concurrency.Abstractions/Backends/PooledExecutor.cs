using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The base every executor is built on, and the way to write a backend: it owns the whole <see cref="IExecutor"/>
/// contract (admission against the worker limit and the backlog, the FIFO of waiting submissions, cancellation of
/// queued ones, delayed work, statistics, metrics and logs, and shutdown up to the executor's end), so a backend
/// supplies only where started work runs and what its workers look like.
/// </summary>
/// <remarks>
/// <para>To write a backend, derive from this class and implement two members:</para>
/// <list type="bullet">
/// <item><description><see cref="Start"/>: run the <see cref="IStartedWork"/> where the backend runs work (a thread
/// of its own, a loop, inline), call <see cref="IStartedWork.Run"/> once, and call <see cref="Finish"/> when it
/// returned true.</description></item>
/// <item><description><see cref="CountWorkers"/>: how many workers exist and how many are idle, for
/// <see cref="PoolState"/>.</description></item>
/// </list>
/// <para>Optionally: <see cref="IsCallerOnOwnWorker"/> (so a shutdown awaited from the executor's own work is refused
/// instead of waiting for itself), <see cref="OnStopping"/> (wake idle workers) and <see cref="OnDrained"/> (release
/// the workers, then <see cref="SignalTerminated"/>). A backend with threads of its own may use
/// <see cref="ReleaseAndTakeNext"/>, <see cref="Publish"/> and <see cref="Fail"/> to run the next queued item on the
/// same thread. <c>tests/Concurrency.OutsideBackend</c> is a whole backend in 80 lines, run by the contract suite.</para>
/// <para>The engine keeps workers clean: each item runs in its submitter's ExecutionContext (AsyncLocals, culture,
/// SynchronizationContext are undone after it), and the thread's name, priority and background flag are put back as
/// they were when it first ran an item. A Thread.Interrupt that work leaves pending is not cleared per item (only a
/// blocking wait clears one, at 250-400 ns): it is delivered to the thread's next blocking wait, so a backend's own
/// wait for work catches <see cref="ThreadInterruptedException"/> and waits again, as the outside backend does.</para>
/// <para>Lock-free: one 64-bit word holds the submissions in flight (each holds one of the worker limit's slots), the
/// live queued ones and the stopping bit, so admission is one compare-and-swap and the backlog limit is exact. A
/// released slot goes straight to the next queued submission, so work waits only while every slot is held.</para>
/// <para>A queued item leaves by a state flip that exactly one party wins: a slot's releaser (it starts the item), the
/// item's token, or a shutdown that cancels queued work. The winner adjusts the count, and a canceled item is counted
/// until its Task is completed, so a waiting shutdown never returns before that. A canceled item drops its delegate,
/// state and ExecutionContext at once, and canceled entries are unlinked in bulk once they outnumber the live ones
/// (<see cref="WorkQueue"/>), so clients that cancel never make a saturated executor grow.</para>
/// <para>A Task the word does not count (a finished item whose slot is already released, a refusal being decided, a
/// delayed item coming due or canceled by its token) is counted apart while it is being completed, so a waiting
/// shutdown returns only after every Task it accepted is complete.</para>
/// </remarks>
public abstract partial class PooledExecutor : IExecutor
{
    private const int QueuedShift = 20;
    private const long InFlightMask = (1L << QueuedShift) - 1;
    private const long QueuedUnit = 1L << QueuedShift;
    private const long StoppingBit = 1L << 62;

    /// <summary>The most submissions a backend can have in flight at once.</summary>
    protected const int MaxSlots = (int)InFlightMask;

    private readonly WorkQueue _queue = new();
    private readonly TaskCompletionSource _terminated;
    private readonly int _slots;
    private readonly long _backlog;
    private readonly Lock _startOrder = new();
    private long _state;
    private int _settling;
    private int _drained;

    /// <summary>Creates the engine for one executor.</summary>
    /// <param name="name">The executor's name.</param>
    /// <param name="backend">The backend's name.</param>
    /// <param name="typeName">The executor type operators see in the statistics lines.</param>
    /// <param name="maxWorkers">The worker limit reported in the pool state.</param>
    /// <param name="slots">How many submissions may be in flight; <paramref name="maxWorkers"/> unless the backend runs more (inline work).</param>
    /// <param name="maxBacklog">How many submissions may wait; null for no limit.</param>
    /// <param name="options">Clock, logging and metrics.</param>
    protected PooledExecutor(string name, string backend, string typeName, int maxWorkers, int slots, int? maxBacklog, ExecutorOptions options)
    {
        // Made inside a simulation, the executor's Tasks resume their awaiters on the simulation's thread, not the .NET pool.
        ContinuationOptions = Simulated.Continuations;
        ResumesOnContext = Simulated.Captures;
        _terminated = new(ContinuationOptions);
        _completion = new(ContinuationOptions);
        Name = name;
        Backend = backend;
        MaxWorkers = maxWorkers;
        MaxBacklog = maxBacklog;
        Counters = new StatisticsCounters(options.TimeProvider);
        Monitor = new ExecutorMonitor(this, typeName, options);
        _slots = slots;
        _backlog = maxBacklog ?? int.MaxValue;
    }

    /// <summary>How this executor's Tasks run their continuations: asynchronously, or inline inside a simulation.</summary>
    internal TaskCreationOptions ContinuationOptions { get; }

    /// <summary>Whether the engine's own awaits resume on the caller's context: only inside a simulation, whose thread must run them.</summary>
    internal bool ResumesOnContext { get; }

    /// <summary>Submissions in flight now (each holds a slot): started, running or finishing.</summary>
    protected int InFlight => (int)(Volatile.Read(ref _state) & InFlightMask);

    /// <summary>True once shutdown has started and nothing is in flight, queued, being published or being refused: no item will start again.</summary>
    protected bool IsDrained => Volatile.Read(ref _drained) != 0;

    /// <inheritdoc/>
    public PoolState GetPoolState()
    {
        long state = Volatile.Read(ref _state);
        int inFlight = (int)(state & InFlightMask);
        var (workers, idle) = CountWorkers(inFlight);
        return new PoolState(MaxWorkers, workers, idle, inFlight, QueuedOf(state), (state & StoppingBit) == 0, MaxBacklog);
    }

    /// <summary>When the longest-waiting queued submission was submitted; null when nothing waits.</summary>
    internal long? OldestQueuedSubmittedAt() => _queue.OldestPendingSubmittedAt();

    /// <summary>Entries in the queue, canceled ones not yet unlinked included; for tests of the memory bound.</summary>
    internal int QueueEntries => _queue.Linked;

    /// <summary>
    /// Queues started work to the .NET thread pool as a work item of its own (nothing is allocated for it), for a
    /// backend that runs its work on .NET pool threads; the pool thread then calls <see cref="RunOnDotNetPool"/>.
    /// </summary>
    /// <param name="work">Started work that holds a slot.</param>
    /// <param name="preferLocal">True to queue on the calling .NET pool thread's own queue, as <c>Task.Run</c> from a pool thread does.</param>
    protected static void QueueToDotNetPool(IStartedWork work, bool preferLocal)
    {
        var item = Own(work);
        if (item is IThreadPoolWorkItem poolItem and not Task)
        {
            ThreadPool.UnsafeQueueUserWorkItem(poolItem, preferLocal);
        }
        else
        {
            // A Task cannot be queued as a work item of its own.
            ThreadPool.UnsafeQueueUserWorkItem(static item => item.Owner.RunFromDotNetPool(item), item, preferLocal);
        }
    }

    /// <summary>
    /// Runs work that <see cref="QueueToDotNetPool"/> queued, on the .NET pool thread that took it. The default runs it
    /// and finishes it; a backend may run the next queued item on the same thread instead (see <see cref="ReleaseAndTakeNext"/>).
    /// </summary>
    /// <param name="work">The work to run.</param>
    protected virtual void RunOnDotNetPool(IStartedWork work)
    {
        if (work.Run())
        {
            Finish(work);
        }
    }

    internal void RunFromDotNetPool(IStartedWork work) => RunOnDotNetPool(work);

    /// <summary>
    /// Whether a synchronous submission that finds a slot free may be its own Task (one object instead of two), which
    /// completes as its run ends, inside <see cref="IStartedWork.Run"/>, with its slot already released. True (the
    /// default). A backend that must act between an item's end and its Task's completion says false: the dedicated
    /// pool joins its idle list first, so a caller that awaits an item and submits again finds that thread idle.
    /// </summary>
    protected virtual bool SubmissionsMayRunAsTheirOwnTask => true;

    /// <summary>Counts an item that ran from <paramref name="startedAt"/> to now as ended with <paramref name="outcome"/>; returns now.</summary>
    internal long RecordEnded(WorkOutcome outcome, long startedAt)
    {
        long finishedAt = Counters.Time.GetTimestamp();
        long runtime = finishedAt - startedAt;
        Counters.RecordFinished(outcome, runtime);
        Monitor.RecordRuntime(runtime);
        return finishedAt;
    }

    /// <summary>Called by an asynchronous item whose Task completed after it left its worker.</summary>
    internal void OnDetachedItemFinished(IWorkItem item) => Finish(item);

    /// <summary>Ends work that <see cref="IStartedWork.Run"/> reported ended: its slot goes to the next queued item (started through <see cref="Start"/>), then its Task completes.</summary>
    /// <param name="work">The ended work.</param>
    protected void Finish(IStartedWork work)
    {
        if (StartsInOrder)
        {
            // Taking the next item and starting it are one step, so items start in the order they were admitted.
            lock (_startOrder)
            {
                if (ReleaseAndTakeNext(work) is { } started)
                {
                    Start(started);
                }
            }

            Publish(work);
            return;
        }

        var next = ReleasePublishAndTakeNext(work);
        if (next is not null)
        {
            Start(next);
        }
    }

    /// <summary>
    /// Ends work that <see cref="IStartedWork.Run"/> reported ended, in one step: its slot goes to the next queued
    /// item, then its Task completes, and the next item is returned started, for the caller to run on this thread (or
    /// through <see cref="Start"/>). Cheaper than <see cref="ReleaseAndTakeNext"/> and <see cref="Publish"/>: a slot
    /// handed on needs no count of its own, since the next item cannot end before this one is published.
    /// </summary>
    /// <param name="finished">The ended work.</param>
    /// <returns>The next queued item, started and holding the released slot; or null when nothing was queued.</returns>
    protected IStartedWork? ReleasePublishAndTakeNext(IStartedWork finished)
    {
        var item = Own(finished);
        var next = item.IsReleased ? item.TakeHandOff() : Release(item, settleFirst: false);
        Publish(finished);
        return next;
    }

    /// <summary>
    /// Whether <see cref="Start"/> must see items in the order they were admitted, even when several workers finish
    /// at once: a backend that routes work by <see cref="IStartedWork.Key"/> and promises each key its submission
    /// order says so. Hand-overs (a finished item's slot to the next queued one) then take a lock of the executor's,
    /// one at a time; admission stays lock-free, because a submission starts at once only when nothing is queued, and
    /// no slot comes free while a hand-over holds the lock. False (the default) keeps hand-overs lock-free too.
    /// </summary>
    protected virtual bool StartsInOrder => false;

    /// <summary>
    /// Completes the Task of work whose slot <see cref="ReleaseAndTakeNext"/> already released. Called once, and
    /// always: a shutdown waits for it, so the last Task is complete before the executor ends.
    /// </summary>
    /// <param name="work">The ended work.</param>
    protected void Publish(IStartedWork work)
    {
        var item = Own(work);
        try
        {
            item.Publish();
        }
        finally
        {
            if (item.Settling)
            {
                ExitSettling();
            }
        }
    }

    /// <summary>
    /// Ends started work that the backend could not run (a thread that would not start, say) as a failure with
    /// <paramref name="error"/>: its slot goes to the next queued item, which is returned for the backend to run.
    /// </summary>
    /// <param name="work">The work that could not run.</param>
    /// <param name="error">Why; the work's Task faults with it and the statistics count a failure.</param>
    /// <returns>The next queued item, started; or null.</returns>
    protected IStartedWork? Fail(IStartedWork work, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        IStartedWork? next;
        if (StartsInOrder)
        {
            lock (_startOrder)
            {
                next = ReleaseAndTakeNext(work);
            }
        }
        else
        {
            next = ReleaseAndTakeNext(work);
        }

        try
        {
            Own(work).FailToDispatch(error);
        }
        finally
        {
            ExitSettling();
        }

        return next;
    }

    /// <summary>
    /// Where the backend runs started work: hand it to a worker, post it to a loop, or run it here. Call
    /// <see cref="IStartedWork.Run"/> once, then <see cref="Finish"/> when it returned true. Called by submitters, on
    /// any thread and at the same time, and by <see cref="Finish"/> (under the hand-over lock when
    /// <see cref="StartsInOrder"/> is true).
    /// </summary>
    /// <param name="work">Started work that holds a slot.</param>
    protected abstract void Start(IStartedWork work);

    /// <summary>The backend's workers: how many exist and how many are idle, given the submissions in flight.</summary>
    protected abstract (int Workers, int Idle) CountWorkers(int inFlight);

    /// <summary>
    /// Called as started work gives its slot back, before the next item takes it: a backend that counts work per place
    /// (<see cref="IStartedWork.Lane"/>) counts it out here. <see cref="Start"/> runs on submitters' threads at the same
    /// time, so counts kept in both need atomic operations. The default does nothing.
    /// </summary>
    /// <param name="work">The work whose slot is released.</param>
    protected virtual void OnReleased(IStartedWork work)
    {
    }

    /// <summary>Called once, when shutdown has started and no item will start again. The default ends the executor.</summary>
    protected virtual void OnDrained() => SignalTerminated();

    /// <summary>
    /// Takes an executor whose constructor is failing out of the metrics and reports at once, so one that never
    /// existed leaves no series behind. Call it only from the derived constructor's failure path.
    /// </summary>
    protected void Withdraw() => Monitor.Close();

    /// <summary>Completes the Task a waiting shutdown returns. Idempotent.</summary>
    protected void SignalTerminated() => _terminated.TrySetResult();

    /// <summary>
    /// Releases a finished item's slot, or hands it to the next queued item, which is returned already started (run it
    /// the way <see cref="Start"/> would). The caller must then <see cref="Publish"/> the finished item: until it
    /// does, a shutdown does not end.
    /// </summary>
    /// <param name="finished">The ended work.</param>
    /// <returns>The next queued item, started and holding the released slot; or null when nothing was queued.</returns>
    protected IStartedWork? ReleaseAndTakeNext(IStartedWork finished)
    {
        var item = Own(finished);
        return item.IsReleased ? item.TakeHandOff() : Release(item, settleFirst: true);
    }

    /// <summary>
    /// Releases the slot of an item whose Task completes as its run ends (<see cref="DirectWorkItem{TState, TResult}"/>),
    /// from inside that run; returns the next item its slot went to, for the backend to take after the run.
    /// </summary>
    internal IStartedWork? ReleaseFromRun(IWorkItem item)
    {
        if (!StartsInOrder)
        {
            // The item's Task completes before the backend takes the next item, so a slot handed on needs no count.
            return Release(item, settleFirst: false);
        }

        lock (_startOrder)
        {
            if (Release(item, settleFirst: true) is { } started)
            {
                Start(started);
            }
        }

        return null;
    }

    /// <summary>
    /// Releases the item's slot or hands it to the next queued item, returned started. The item is counted as settling
    /// (<see cref="IWorkItem.Settling"/>) before a slot is freed, so a shutdown that sees the slot free also sees the
    /// Task still owed; with <paramref name="settleFirst"/>, also when the slot is handed on, for a caller that may start
    /// the next item before it publishes this one.
    /// </summary>
    private IStartedWork? Release(IWorkItem finished, bool settleFirst)
    {
        bool settling = settleFirst;
        if (settling)
        {
            EnterSettling();
        }

        OnReleased(finished);
        long finishedAt = finished.FinishedAt;
        long now = finishedAt != 0 ? finishedAt : Counters.Time.GetTimestamp();
        var spinner = default(SpinWait);
        while (true)
        {
            long state = Volatile.Read(ref _state);
            if (QueuedOf(state) > 0)
            {
                if (_queue.TryDequeue(out var next))
                {
                    if (next!.TryStart(now))
                    {
                        Interlocked.Add(ref _state, -QueuedUnit);
                        finished.Settling = settling;
                        return next;
                    }

                    // Canceled while queued: its canceler drops the count.
                    _queue.OnCanceledTaken();
                    continue;
                }

                // Counted, not yet enqueued by its submitter (or being canceled): a few instructions away.
                spinner.SpinOnce();
                continue;
            }

            if (!settling)
            {
                // Counted before the slot is freed; the state is read again after.
                EnterSettling();
                settling = true;
                continue;
            }

            if (Interlocked.CompareExchange(ref _state, state - 1, state) == state)
            {
                // The shutdown, if any, ends when the finished item is published (ExitSettling).
                finished.Settling = true;
                return null;
            }
        }
    }

    /// <summary>Places an item: start it in a free slot, queue it, or refuse it.</summary>
    private ScheduleOutcome Schedule(IWorkItem item, out int backlog)
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            backlog = QueuedOf(state);
            if ((state & StoppingBit) != 0)
            {
                return ScheduleOutcome.ShutDown;
            }

            if ((state & InFlightMask) < _slots)
            {
                if (TryStartNow(item, state))
                {
                    return ScheduleOutcome.Dispatched;
                }
            }
            else if (backlog >= _backlog)
            {
                return Reject(item);
            }
            else if (Interlocked.CompareExchange(ref _state, state + QueuedUnit, state) == state)
            {
                _queue.Enqueue(item);
                return ScheduleOutcome.Queued;
            }
        }
    }

    /// <summary>
    /// Takes a free slot for a submission not built yet (a <see cref="DirectWorkItem{TState, TResult}"/>); false when
    /// none is free or the executor is stopping, and the submission then takes the usual way.
    /// </summary>
    private bool TryReserveSlot()
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            if ((state & StoppingBit) != 0 || (state & InFlightMask) >= _slots)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return true;
            }
        }
    }

    /// <summary>Takes a free slot and starts the item in it; false when another submission or release changed the state first.</summary>
    private bool TryStartNow(IWorkItem item, long state)
    {
        if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
        {
            return false;
        }

        item.TryStart(item.SubmittedAt);
        Start(item);
        return true;
    }

    /// <summary>Stops accepting work (idempotent); returns a Task that completes when all accepted work has ended.</summary>
    private Task Stop(bool cancelPending)
    {
        MarkStopping();
        long state = Interlocked.Or(ref _state, StoppingBit);
        if ((state & StoppingBit) == 0)
        {
            OnStopping();
        }

        if (cancelPending)
        {
            // Until nothing counted as queued is left: an item appended but not yet linked is a few instructions away.
            var spinner = default(SpinWait);
            while (QueuedOf(Volatile.Read(ref _state)) > 0)
            {
                if (!_queue.TryDequeue(out var queued))
                {
                    spinner.SpinOnce();
                    continue;
                }

                if (queued!.TryMarkCanceled())
                {
                    queued.PublishCanceled();
                    LeaveQueue();
                }
                else
                {
                    _queue.OnCanceledTaken();
                }
            }
        }

        TryDrain();
        return _terminated.Task;
    }

    /// <summary>Called once, when shutdown starts; new submissions are already refused.</summary>
    protected virtual void OnStopping()
    {
    }

    /// <summary>Drops the count of a queued item its token canceled where it waits; its entry is unlinked later, in bulk.</summary>
    internal void LeaveQueueCanceledInPlace()
    {
        long state = Interlocked.Add(ref _state, -QueuedUnit);
        _queue.OnCanceledInPlace(QueuedOf(state));
        if ((state & StoppingBit) != 0)
        {
            TryDrain();
        }
    }

    /// <summary>Drops the count of a queued item a shutdown canceled, once its Task is completed; a shutdown may then end.</summary>
    private void LeaveQueue()
    {
        if ((Interlocked.Add(ref _state, -QueuedUnit) & StoppingBit) != 0)
        {
            TryDrain();
        }
    }

    private ScheduleOutcome Reject(IWorkItem item)
    {
        // Registered before it is counted, so a shutdown that races it waits for the count (see TryDrain).
        EnterSettling();
        try
        {
            if (IsStopping)
            {
                return ScheduleOutcome.ShutDown;
            }

            // A delayed item's own token may have canceled it first; it is then counted as canceled, not rejected.
            if (item.TryMarkCanceled())
            {
                Counters.RecordRejected();
            }

            return ScheduleOutcome.Rejected;
        }
        finally
        {
            ExitSettling();
        }
    }

    /// <summary>
    /// A caller is about to complete a Task the state word does not count (a released item, a refusal, a delayed item
    /// coming due or canceled): a shutdown waits until it calls <see cref="ExitSettling"/>.
    /// </summary>
    internal void EnterSettling() => Interlocked.Increment(ref _settling);

    /// <summary>Ends <see cref="EnterSettling"/>; the last one out ends a shutdown that waited for it.</summary>
    internal void ExitSettling()
    {
        if (Interlocked.Decrement(ref _settling) == 0 && IsStopping)
        {
            TryDrain();
        }
    }

    private void TryDrain()
    {
        long state = Volatile.Read(ref _state);
        if ((state & StoppingBit) == 0 || (state & ~StoppingBit) != 0 || Volatile.Read(ref _settling) != 0)
        {
            return;
        }

        if (Interlocked.Exchange(ref _drained, 1) == 0)
        {
            OnDrained();
        }
    }

    private bool IsStopping => (Volatile.Read(ref _state) & StoppingBit) != 0;

    private static IWorkItem Own(IStartedWork work) =>
        work as IWorkItem ?? throw new ArgumentException("Only work the engine started can be run, finished or failed.", nameof(work));

    private static int QueuedOf(long state) => (int)((state & ~StoppingBit) >> QueuedShift);
}
