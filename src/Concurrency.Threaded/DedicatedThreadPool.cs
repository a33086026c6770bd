using System.Collections.Concurrent;
using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The thread-pool executor: dedicated named threads, started lazily up to the worker limit, running the items the
/// engine (<see cref="PooledExecutor"/>) starts.
/// </summary>
/// <remarks>
/// <para>A started item goes to the ready queue, and the most recently idle thread is woken for it (LIFO keeps a hot
/// set of threads and lets the cold ones time out), or a new thread is started while fewer than the limit exist.
/// Otherwise every thread is running, and each checks the ready queue before it parks, so no item waits unseen. A
/// finished item's slot goes straight to the next queued item, which runs on the same thread with no hand-off.</para>
/// <para>Only the idle list has a lock: a thread that parks, a submitter that wakes one, a thread that starts or exits,
/// and the pool-state report take it; admission, queueing and handing a slot to the next item never do.</para>
/// </remarks>
internal sealed partial class DedicatedThreadPool : PooledExecutor
{
    [ThreadStatic]
    private static DedicatedThreadPool? t_owner;

    private readonly ConcurrentQueue<IStartedWork> _ready = new();
    private readonly Lock _idleGate = new();
    private readonly LinkedList<Worker> _idle = new();
    private readonly List<Worker> _workers = [];
    private readonly List<Thread> _exitedThreads = [];
    private readonly TimeProvider _time;
    private readonly int _minWorkers;
    private readonly long _idleTimeoutTicks;
    private readonly ITimer? _retirementTimer;
    private int _threads;
    private int _retiring;
    private int _threadSequence;
    private int _terminating;
    private bool _idleClosed;

    public DedicatedThreadPool(string name, int maxWorkers, int minWorkers, TimeSpan idleTimeout, ExecutorOptions options)
        : base(name, ThreadPoolExecutor.BackendName, ThreadedBackend.TypeName, maxWorkers, maxWorkers, options.MaxBacklog, options)
    {
        var time = options.TimeProvider;
        _time = time;
        _minWorkers = minWorkers;
        if (idleTimeout != Timeout.InfiniteTimeSpan)
        {
            _idleTimeoutTicks = (long)(idleTimeout.TotalSeconds * time.TimestampFrequency);
            TimeSpan period = TimerLimits.CheckPeriod(idleTimeout);
            _retirementTimer = time.CreateTimer(static state => ((DedicatedThreadPool)state!).RetireIdleWorkers(), this, period, period);
        }
    }

    protected override bool IsCallerOnOwnWorker => t_owner == this;

    // A thread joins the idle list before its last item's Task completes (RunFrom), which a submission that is its own
    // Task would complete inside its run.
    protected override bool SubmissionsMayRunAsTheirOwnTask => false;

    protected override string DescribeBusyWorkers()
    {
        List<IStartedWork> running;
        lock (_idleGate)
        {
            running = [.. _workers.Select(worker => worker.Current).OfType<IStartedWork>()];
        }

        return DescribeRunning(running);
    }

    protected override (int Workers, int Idle) CountWorkers(int inFlight)
    {
        lock (_idleGate)
        {
            return (Volatile.Read(ref _threads), _idle.Count);
        }
    }

    protected override void Start(IStartedWork work)
    {
        _ready.Enqueue(work);
        EnsureWorker();
    }

    protected override void OnStopping()
    {
        List<Worker> idle;
        lock (_idleGate)
        {
            _idleClosed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        _retirementTimer?.Dispose();
        idle.ForEach(static worker => worker.Wake());
    }

    protected override void OnDrained() => TryTerminate();

    /// <summary>Wakes the most recently idle thread for a ready item, or starts one while fewer than the limit exist.</summary>
    private void EnsureWorker()
    {
        while (true)
        {
            Worker? idle = null;
            lock (_idleGate)
            {
                if (_idle.Last is { } last)
                {
                    _idle.RemoveLast();
                    idle = last.Value;
                }
            }

            if (idle is not null)
            {
                idle.Wake();
                return;
            }

            if (!TryReserveThread())
            {
                // Every thread exists and none is idle: each checks the ready queue before it parks.
                return;
            }

            if (StartThreadOrFail() is not { } next)
            {
                return;
            }

            // The thread could not start: its item failed, and its slot started the next queued item, which needs a thread too.
            _ready.Enqueue(next);
        }
    }

    private bool TryReserveThread()
    {
        while (true)
        {
            int threads = Volatile.Read(ref _threads);
            if (threads >= MaxWorkers)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _threads, threads + 1, threads) == threads)
            {
                return true;
            }
        }
    }

    /// <returns>Null when the thread started; otherwise the next queued item, started in the slot of the item that failed.</returns>
    private IStartedWork? StartThreadOrFail()
    {
        var worker = new Worker();
        try
        {
            StartThread(worker);
            return null;
        }
        catch (Exception error)
        {
            // The runtime could not create a thread (out of memory, a thread limit): a ready item fails with that error.
            lock (_idleGate)
            {
                _workers.Remove(worker);
            }

            worker.Dispose();
            Interlocked.Decrement(ref _threads);
            if (!_ready.TryDequeue(out var work))
            {
                TryTerminate();
                return null;
            }

            return Fail(work, error);
        }
    }

    private void RetireIdleWorkers()
    {
        List<Worker>? retiring = null;
        lock (_idleGate)
        {
            long now = _time.GetTimestamp();
            while (!_idleClosed
                && Volatile.Read(ref _threads) - _retiring > _minWorkers
                && _idle.First is { } oldest
                && now - oldest.Value.IdleSince >= _idleTimeoutTicks)
            {
                _idle.RemoveFirst();
                oldest.Value.Retiring = true;
                _retiring++;
                (retiring ??= []).Add(oldest.Value);
            }
        }

        retiring?.ForEach(static worker => worker.Wake());
    }

    // The executor ends once nothing will start again and every thread has exited.
    private void TryTerminate()
    {
        if (!IsDrained || Volatile.Read(ref _threads) != 0 || Interlocked.Exchange(ref _terminating, 1) != 0)
        {
            return;
        }

        Thread[] exited;
        lock (_idleGate)
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

                state.pool.SignalTerminated();
            },
            (exited, pool: this),
            preferLocal: false);
    }
}
