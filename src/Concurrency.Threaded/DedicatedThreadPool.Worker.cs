using Concurrency.Core;

namespace Concurrency;

internal sealed partial class DedicatedThreadPool
{
    /// <summary>Starts a worker thread; the test suite replaces it on one pool to make thread creation fail as a thread limit does.</summary>
    internal Action<Thread> ThreadStarter { get; set; } = static thread => thread.UnsafeStart();

    private void StartThread(Worker worker)
    {
        lock (_idleGate)
        {
            _workers.Add(worker);
        }

        var thread = new Thread(() => WorkerLoop(worker))
        {
            IsBackground = true,
            Name = $"{Name}-{Interlocked.Increment(ref _threadSequence)}",
        };

        // UnsafeStart: the thread must not keep the first submitter's ExecutionContext for its whole life.
        ThreadStarter(thread);
    }

    private void WorkerLoop(Worker self)
    {
        t_owner = this;
        bool idle = false;
        while (true)
        {
            // A thread on the idle list takes work only through Park, which takes it off the list first.
            if (!idle && _ready.TryDequeue(out var item))
            {
                idle = RunFrom(item, self);
            }
            else if (Park(self, alreadyIdle: idle))
            {
                idle = false;
            }
            else
            {
                break;
            }
        }

        ExitWorker(self);
    }

    /// <summary>
    /// Runs an item and, while each one's slot goes to a queued item or the ready queue holds one, the next on this
    /// thread. Joins the idle list before publishing the last item, so a caller that awaits it and submits again finds
    /// this thread idle instead of starting another. Returns whether the thread joined the idle list.
    /// </summary>
    private bool RunFrom(IStartedWork item, Worker self)
    {
        while (true)
        {
            self.Current = item;
            bool finished = item.Run();
            self.Current = null;
            if (!finished)
            {
                // Asynchronous work still in flight holds its slot, not this thread; it ends through OnDetachedItemFinished.
                return false;
            }

            var next = ReleaseAndTakeNext(item);
            if (next is null && !_ready.TryDequeue(out next))
            {
                bool joined = JoinIdle(self, item.FinishedAt is var at and not 0 ? at : _time.GetTimestamp());
                Publish(item);
                return joined;
            }

            Publish(item);
            item = next;
        }
    }

    /// <returns>False when the thread must exit: the pool is stopping, or the thread was retired.</returns>
    private bool Park(Worker self, bool alreadyIdle)
    {
        if (!alreadyIdle && !JoinIdle(self, _time.GetTimestamp()))
        {
            return false;
        }

        // A submitter that found no idle thread relies on running threads to see its item: look once more.
        if (!_ready.IsEmpty && TryLeaveIdle(self))
        {
            return true;
        }

        while (true)
        {
            self.AwaitWake();
            EnterIdleGate();
            try
            {
                if (self.Node.List is null)
                {
                    // Taken off the list by a submitter, a retirement or the shutdown: a real wake.
                    return !self.Retiring;
                }
            }
            finally
            {
                _idleGate.Exit();
            }

            // A wake left over from an earlier turn: still idle, keep waiting.
        }
    }

    /// <returns>False when the pool stopped taking idle threads: the thread exits instead.</returns>
    private bool JoinIdle(Worker self, long now)
    {
        EnterIdleGate();
        try
        {
            if (_idleClosed)
            {
                return false;
            }

            self.IdleSince = now;
            _idle.AddLast(self.Node);
            return true;
        }
        finally
        {
            _idleGate.Exit();
        }
    }

    /// <returns>True when the thread left the idle list itself; false when it was already taken off (a wake is coming).</returns>
    private bool TryLeaveIdle(Worker self)
    {
        EnterIdleGate();
        try
        {
            if (self.Node.List is null)
            {
                return false;
            }

            _idle.Remove(self.Node);
            return true;
        }
        finally
        {
            _idleGate.Exit();
        }
    }

    private void ExitWorker(Worker self)
    {
        EnterIdleGate();
        try
        {
            _workers.Remove(self);
            if (self.Retiring)
            {
                _retiring--;
            }

            // With the retiring count, under the same lock: the retirement check reads both, and must never see this
            // thread as gone from one and still there in the other (it would retire one thread below the minimum).
            Interlocked.Decrement(ref _threads);

            _exitedThreads.RemoveAll(static thread => !thread.IsAlive);
            _exitedThreads.Add(Thread.CurrentThread);
        }
        finally
        {
            _idleGate.Exit();
        }

        self.Dispose();
        t_owner = null;

        // A submitter may have counted this thread as running when it queued an item: make sure someone takes it.
        if (!_ready.IsEmpty)
        {
            EnsureWorker();
        }

        TryTerminate();
    }

    /// <summary>Takes the idle list's lock even if work left a Thread.Interrupt pending on this worker: no interrupt kills a worker.</summary>
    private void EnterIdleGate()
    {
        while (true)
        {
            try
            {
                _idleGate.Enter();
                return;
            }
            catch (ThreadInterruptedException)
            {
                // The interrupt was meant for the work that already finished; the worker carries on.
            }
        }
    }

    /// <summary>One dedicated thread: its place in the idle list and the signal that wakes it.</summary>
    private sealed class Worker : IDisposable
    {
        // ManualResetEventSlim spins briefly before it blocks, which keeps the submit-to-start hand-off short.
        private readonly ManualResetEventSlim _signal = new(initialState: false);
        private IStartedWork? _current;

        public Worker()
        {
            Node = new LinkedListNode<Worker>(this);
        }

        public LinkedListNode<Worker> Node { get; }

        public long IdleSince { get; set; }

        /// <summary>The item this worker is running, for reports; written by the worker, read by the starvation check.</summary>
        public IStartedWork? Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }

        public bool Retiring { get; set; }

        public void Wake() => _signal.Set();

        public void AwaitWake()
        {
            InterruptSafe.Wait(_signal);
            _signal.Reset();
        }

        public void Dispose()
        {
            _signal.Dispose();
        }
    }
}
