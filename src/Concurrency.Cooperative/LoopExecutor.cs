using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The cooperative executor: up to MaxWorkers submissions in flight on one loop, the rest queued in FIFO order.
/// An in-flight submission is a busy worker; its slot is released when its work (and, for asynchronous work, its
/// Task) ends. On this backend runtime runs from the moment a submission is handed to the loop.
/// </summary>
internal sealed class LoopExecutor : PooledExecutor, ILoopTarget
{
    private readonly bool _sharesLoopClock;

    public LoopExecutor(CooperativeLoop loop, string name, int maxWorkers, ExecutorOptions options)
        : base(name, CooperativeExecutor.BackendName, CooperativeBackend.TypeName, maxWorkers, maxWorkers, options.MaxBacklog, options)
    {
        Loop = loop;
        _sharesLoopClock = ReferenceEquals(options.TimeProvider, loop.Time);
        try
        {
            loop.Attach(this);
        }
        catch (InvalidOperationException)
        {
            // Refused by a disposing loop: the executor never existed, so it leaves the metrics at once.
            Withdraw();
            throw;
        }
    }

    public CooperativeLoop Loop { get; }

    protected override bool IsCallerOnOwnWorker => Loop.IsOnLoopThread && ReferenceEquals(Loop.CurrentTarget, this);

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

    protected override void Start(IStartedWork work) => Loop.Post(this, work);

    protected override void OnDrained()
    {
        Loop.Detach(this);
        SignalTerminated();
    }
}
