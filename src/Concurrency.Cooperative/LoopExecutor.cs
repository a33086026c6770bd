using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The cooperative executor: up to MaxWorkers submissions in flight on one loop, or on a group of loops (each
/// submission on the loop its key chooses, or the less loaded of two), the rest queued in FIFO order. An in-flight
/// submission is a busy worker; its slot is released when its work (and, for asynchronous work, its Task) ends. On
/// this backend runtime runs from the moment a submission is handed to the loop.
/// </summary>
internal sealed class LoopExecutor : PooledExecutor, ILoopTarget
{
    private readonly bool _sharesLoopClock;
    private readonly CooperativeLoopGroup? _group;
    private readonly CooperativeLoop _loop;

    // Submissions in flight per loop of a group, one cache line apart: submitters count in on their own threads while
    // loops count out, so both are atomic; readers take a racy snapshot.
    private readonly int[]? _inFlightByLoop;

    public LoopExecutor(CooperativeLoop loop, string name, int maxWorkers, ExecutorOptions options)
        : this([loop], null, name, maxWorkers, options)
    {
    }

    public LoopExecutor(CooperativeLoopGroup group, string name, int maxWorkers, ExecutorOptions options)
        : this(group.Loops, group, name, maxWorkers, options)
    {
    }

    private LoopExecutor(IReadOnlyList<CooperativeLoop> loops, CooperativeLoopGroup? group, string name, int maxWorkers, ExecutorOptions options)
        : base(name, CooperativeExecutor.BackendName, CooperativeBackend.TypeName, maxWorkers, maxWorkers, options.MaxBacklog, options)
    {
        Loops = loops;
        _group = group;
        _loop = loops[0];
        _inFlightByLoop = group is null ? null : new int[loops.Count * Stride];
        _sharesLoopClock = loops.All(loop => ReferenceEquals(options.TimeProvider, loop.Time));
        var attached = new List<CooperativeLoop>();
        try
        {
            foreach (var loop in loops)
            {
                loop.Attach(this);
                attached.Add(loop);
            }
        }
        catch (InvalidOperationException)
        {
            // Refused by a disposing loop: the executor never existed, so it leaves the loops and the metrics at once.
            attached.ForEach(loop => loop.Detach(this));
            Withdraw();
            throw;
        }
    }

    private const int Stride = 16;

    /// <summary>The loops the executor's work runs on: one, or a group's.</summary>
    public IReadOnlyList<CooperativeLoop> Loops { get; }

    protected override bool IsCallerOnOwnWorker =>
        CooperativeLoop.Current is { } loop && ReferenceEquals(loop.CurrentTarget, this) && (_group is null ? ReferenceEquals(loop, _loop) : _group.Contains(loop));

    public bool Run(object? state, out long finishedAt)
    {
        var item = (IStartedWork)state!;
        bool finished = item.Run();

        // The item read the clock as it ended; when it is the loop's clock too, the slice's end needs no read of its own.
        finishedAt = _sharesLoopClock ? item.FinishedAt : 0;
        return finished;
    }

    public void Complete(object? state) => Finish((IStartedWork)state!);

    public string Describe(object? state) => $"executor '{Name}' work {((IStartedWork)state!).Description}";

    // Every in-flight submission is a busy worker on the loop; no thread is idle.
    protected override (int Workers, int Idle) CountWorkers(int inFlight) => (inFlight, 0);

    // On one loop, every hand-over happens on that loop's thread and is ordered already; a group needs the engine's order.
    protected override bool StartsInOrder => _group is not null;

    protected override void Start(IStartedWork work)
    {
        if (_group is null)
        {
            _loop.Post(this, work);
            return;
        }

        int index = _group.Choose(work.Key);
        work.Lane = index;
        Interlocked.Increment(ref _inFlightByLoop![index * Stride]);
        Loops[index].Post(this, work);
    }

    protected override void OnReleased(IStartedWork work)
    {
        if (_inFlightByLoop is not null)
        {
            Interlocked.Decrement(ref _inFlightByLoop[work.Lane * Stride]);
        }
    }

    /// <summary>This executor's submissions in flight on <paramref name="loop"/>, one of its loops.</summary>
    internal int InFlightOn(CooperativeLoop loop)
    {
        if (_inFlightByLoop is null)
        {
            return ReferenceEquals(loop, _loop) ? GetPoolState().BusyWorkers : 0;
        }

        for (int index = 0; index < Loops.Count; index++)
        {
            if (ReferenceEquals(Loops[index], loop))
            {
                return Volatile.Read(ref _inFlightByLoop[index * Stride]);
            }
        }

        return 0;
    }

    protected override void OnDrained()
    {
        foreach (var loop in Loops)
        {
            loop.Detach(this);
        }

        SignalTerminated();
    }
}
