using Concurrency.Core;

namespace Concurrency;

internal sealed partial class DedicatedThreadPool
{
    /// <summary>Starts a worker thread; the test suite replaces it on one pool to make thread creation fail as a thread limit does.</summary>
    internal Action<Thread> ThreadStarter { get; set; } = static thread => thread.UnsafeStart();

    private void StartThread(Worker worker)
    {
        lock (_gate)
        {
            _workers.Add(worker);
        }

        var thread = new Thread(() => WorkerLoop(worker))
        {
            IsBackground = true,
            Name = $"{Name}-{Interlocked.Increment(ref _threadSequence)}",
        };
        worker.OwnThread = new WorkerThread(thread);

        // UnsafeStart: the thread must not keep the first submitter's ExecutionContext for its whole life.
        ThreadStarter(thread);
    }

    private void WorkerLoop(Worker self)
    {
        t_owner = this;
        IWorkItem? item = self.TakeAssignment();
        while (item is not null)
        {
            item = RunAndTakeNext(item, self);
        }

        ExitWorker(self);
    }

    /// <summary>
    /// Runs one item, then, in the same critical section that releases its slot, takes the next queued item or
    /// joins the idle list. Joining before the Task is published means a caller that awaits and submits again finds
    /// this thread idle instead of starting another. Returns null when the worker must exit.
    /// </summary>
    private IWorkItem? RunAndTakeNext(IWorkItem item, Worker self)
    {
        self.Current = item;
        bool finished = item.Run();
        self.Current = null;
        self.OwnThread.Reset();
        long now = FinishedOrNow(item);
        IWorkItem? next;
        bool exit = false;
        EnterGate();
        try
        {
            if (finished)
            {
                _slots.Release();
            }

            next = _slots.TakeNext(now);
            if (next is null && _stopping)
            {
                exit = true;
            }
            else if (next is null)
            {
                self.IdleSince = now;
                _idle.AddLast(self.Node);
            }
        }
        finally
        {
            _gate.Exit();
        }

        if (finished)
        {
            item.Publish();
        }

        return next ?? (exit ? null : self.AwaitAssignment());
    }

    private void ExitWorker(Worker self)
    {
        bool terminated;
        EnterGate();
        try
        {
            _threads--;
            _workers.Remove(self);
            if (self.Retiring)
            {
                _retiring--;
            }

            _exitedThreads.RemoveAll(static thread => !thread.IsAlive);
            _exitedThreads.Add(Thread.CurrentThread);
            terminated = TryTerminateLocked();
        }
        finally
        {
            _gate.Exit();
        }

        self.Dispose();
        t_owner = null;
        if (terminated)
        {
            CompleteTermination();
        }
    }

    /// <summary>Takes the gate even if work left a Thread.Interrupt pending on this worker: no interrupt kills a worker.</summary>
    private void EnterGate()
    {
        while (true)
        {
            try
            {
                _gate.Enter();
                return;
            }
            catch (ThreadInterruptedException)
            {
                // The interrupt was meant for the work that already finished; the worker carries on.
            }
        }
    }

    /// <summary>One dedicated thread's hand-off point: an item is assigned under the gate, then the thread is woken.</summary>
    private sealed class Worker : IDisposable
    {
        // ManualResetEventSlim spins briefly before it blocks, which keeps the submit-to-start hand-off short.
        private readonly ManualResetEventSlim _signal = new(initialState: false);
        private IWorkItem? _assignment;
        private IWorkItem? _current;

        public Worker(IWorkItem first)
        {
            _assignment = first;
            Node = new LinkedListNode<Worker>(this);
        }

        public LinkedListNode<Worker> Node { get; }

        public long IdleSince { get; set; }

        /// <summary>The item this worker is running, for reports; written by the worker, read by the starvation check.</summary>
        public IWorkItem? Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }

        public bool Retiring { get; set; }

        /// <summary>The worker's thread and the state every item must find it in.</summary>
        public WorkerThread OwnThread { get; set; } = null!;

        public void Assign(IWorkItem? item) => _assignment = item;

        public void Wake() => _signal.Set();

        public void Wake(IWorkItem? item)
        {
            Assign(item);
            Wake();
        }

        public IWorkItem? TakeAssignment()
        {
            var item = _assignment;
            _assignment = null;
            return item;
        }

        public IWorkItem? AwaitAssignment()
        {
            InterruptSafe.Wait(_signal);
            _signal.Reset();
            return TakeAssignment();
        }

        public void Dispose()
        {
            _signal.Dispose();
            OwnThread?.Dispose();
        }
    }
}
