namespace Concurrency.Testing;

/// <summary>
/// An executor of the simulated backend: the engine admits, queues, cancels, counts and shuts down as on every
/// backend; a started item becomes ready work on the simulation, run when the seed chooses it.
/// </summary>
internal sealed class SimulatedExecutor : PooledExecutor
{
    private readonly SimulationScheduler _scheduler;

    public SimulatedExecutor(SimulationScheduler scheduler, string name, int maxWorkers, ExecutorOptions options)
        : base(name, SimulatedBackend.BackendName, SimulatedBackend.TypeName, maxWorkers, maxWorkers, options.MaxBacklog, options)
    {
        _scheduler = scheduler;
    }

    protected override bool IsCallerOnOwnWorker => _scheduler.IsOnSimulationThread && ReferenceEquals(_scheduler.CurrentTarget, this);

    protected override void Start(IStartedWork work) => _scheduler.Post(this, work, work.Key);

    // Every item in flight is a busy worker of the simulation's one thread; none is idle.
    protected override (int Workers, int Idle) CountWorkers(int inFlight) => (inFlight, 0);

    protected override void OnDrained() => SignalTerminated();

    /// <summary>Ends an item that finished inside its step.</summary>
    internal void Complete(IStartedWork work) => Finish(work);
}
