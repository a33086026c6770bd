namespace Concurrency.Testing;

/// <summary>
/// The simulated backend of one run: its executors run on the simulation's thread, in the order the seed chooses,
/// on its virtual clock. Never selected by DISABLE_COOPERATIVE_MODE; a test takes it from <see cref="Simulation.Backend"/>.
/// </summary>
internal sealed class SimulatedBackend(SimulationScheduler scheduler) : ExecutorBackend(BackendName)
{
    public const string BackendName = "simulated";

    public const string TypeName = "SimulatedExecutor";

    // Fixed, not from the processor count, so a seed gives the same run on every machine.
    public override int DefaultMaxWorkers => 16;

    public override string ExecutorTypeName => TypeName;

    public override int GetDefaultPoolSize(string pool) => 256;

    private int _created;

    public override IExecutor CreateExecutor(ExecutorOptions? options = null)
    {
        var settings = new Settings(options ?? new ExecutorOptions(), scheduler.Time);
        string name = settings.Name ?? $"simulated-{Interlocked.Increment(ref _created)}";

        // Made inside the simulation's context, the engine completes this executor's Tasks on the simulation's thread.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(scheduler.Context);
        try
        {
            var executor = new SimulatedExecutor(scheduler, name, settings.MaxWorkers ?? DefaultMaxWorkers, settings);
            scheduler.Attach(executor);
            return executor;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>The caller's settings, on the virtual clock unless the caller chose a clock of its own.</summary>
    private sealed class Settings : ExecutorOptions
    {
        public Settings(ExecutorOptions options, TimeProvider time)
            : base(options)
        {
            if (ReferenceEquals(options.TimeProvider, TimeProvider.System))
            {
                TimeProvider = time;
            }
        }
    }
}
