namespace Concurrency;

/// <summary>
/// The thread-pool executor on the .NET thread pool (<see cref="ExecutorThreads.DotNetPool"/>): the engine
/// (<see cref="PooledExecutor"/>) bounds, queues and counts the work, and each started item runs as a .NET pool work
/// item, on the submitting thread's own queue when that is a .NET pool thread.
/// </summary>
/// <remarks>
/// <para>Why it exists: under load on few cores, work handed to a dedicated thread waits for that thread to be
/// scheduled, and so does every completion it hands back. Here an item submitted from a .NET pool thread runs on that
/// thread as soon as the submitting code returns to the pool, and the awaiters of its Task run on the thread that ran
/// it, as with <c>Task.Run</c>.</para>
/// <para>Blocking work is why a pool limits its workers, and the .NET pool starts threads beyond its minimum only
/// slowly; so once more items are in flight than there are processors (the .NET pool's own minimum), the minimum is
/// raised by the worker limit until the executor ends (<see cref="DotNetPoolReservation"/>), and every admitted item
/// finds a thread at once, unless its host sets the minimum for all its pools
/// (<see cref="ThreadPoolExecutorOptions.RaiseDotNetPoolMinimum"/>). Not before: a raised minimum keeps more threads
/// awake, and work that does not block (most of it) pays for them in every hand-off.</para>
/// </remarks>
internal sealed class DotNetPoolExecutor : PooledExecutor
{
    [ThreadStatic]
    private static DotNetPoolExecutor? t_owner;

    private readonly bool _raiseMinimum;
    private DotNetPoolReservation? _reservation;

    public DotNetPoolExecutor(string name, int maxWorkers, ExecutorOptions options, bool raiseMinimum = true)
        : base(name, ThreadPoolExecutor.BackendName, ThreadedBackend.TypeName, maxWorkers, maxWorkers, options.MaxBacklog, options)
    {
        _raiseMinimum = raiseMinimum;
    }

    protected override bool IsCallerOnOwnWorker => t_owner == this;

    protected override string DescribeBusyWorkers() => DescribeRunning(DotNetPoolWorkers.RunningFor(this));

    /// <returns>The .NET pool threads running this executor's items; none of them is idle, since an idle one goes back to the .NET pool.</returns>
    protected override (int Workers, int Idle) CountWorkers(int inFlight) => (DotNetPoolWorkers.RunningFor(this).Count, 0);

    // preferLocal: from a .NET pool thread the item goes to that thread's own queue, the hand-off Task.Run makes.
    protected override void Start(IStartedWork work)
    {
        if (_raiseMinimum && Volatile.Read(ref _reservation) is null && InFlight > Environment.ProcessorCount)
        {
            Reserve();
        }

        QueueToDotNetPool(work, preferLocal: true);
    }

    protected override void OnDrained()
    {
        Interlocked.Exchange(ref _reservation, null)?.Dispose();
        SignalTerminated();
    }

    private void Reserve()
    {
        var reservation = DotNetPoolReservation.Reserve(MaxWorkers);
        if (Interlocked.CompareExchange(ref _reservation, reservation, null) is not null)
        {
            reservation.Dispose();
        }
    }

    /// <summary>
    /// Runs an item and, while its slot goes straight to a queued one, the next on this thread: a queued item costs no
    /// .NET pool dispatch. After <see cref="ChainBudget"/> items in a row the next goes back through the .NET pool, so
    /// other work queued on this thread is not held up behind a long backlog.
    /// </summary>
    protected override void RunOnDotNetPool(IStartedWork work)
    {
        var worker = DotNetPoolWorkers.Mine;
        t_owner = this;
        try
        {
            for (int ran = 1; ; ran++)
            {
                worker.Running(this, work);
                bool ended;
                try
                {
                    ended = work.Run();
                }
                finally
                {
                    worker.Running(this, null);
                }

                if (!ended)
                {
                    return;
                }

                var next = ReleasePublishAndTakeNext(work);
                if (next is null)
                {
                    return;
                }

                if (ran == ChainBudget)
                {
                    Start(next);
                    return;
                }

                work = next;
            }
        }
        finally
        {
            t_owner = null;
        }
    }

    /// <summary>Items one .NET pool work item runs in a row before it yields the thread (as ActionBlock's MaxMessagesPerTask would).</summary>
    internal const int ChainBudget = 64;
}
