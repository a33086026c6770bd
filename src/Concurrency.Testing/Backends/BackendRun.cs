namespace Concurrency.Testing;

/// <summary>What a test body gets on each backend: the backend to make executors from, the clock, and the simulation when there is one.</summary>
/// <param name="Name">The backend's name, as <see cref="TestBackend.Name"/>.</param>
/// <param name="Backend">Makes the executors the test uses.</param>
/// <param name="Time">The clock to hand to what asks for one: the system's, or the simulation's virtual clock.</param>
/// <param name="Simulation">The simulation, on the simulated backend; null on the others.</param>
/// <param name="Faults">The faults the test plans for its own calls: the simulation's, or a plan in real time on the others.</param>
public sealed record BackendRun(string Name, ExecutorBackend Backend, TimeProvider Time, Simulation? Simulation, FaultPlan Faults)
{
    /// <summary>A call of the test's own doubles through <see cref="Faults"/>: a latency, and the failures or hangs planned.</summary>
    /// <param name="target">The call's name in the plan.</param>
    /// <param name="cancellationToken">The call's token.</param>
    /// <returns>A ValueTask that completes when the call returns.</returns>
    public ValueTask CallAsync(string target, CancellationToken cancellationToken = default) => Faults.CallAsync(target, cancellationToken);

    /// <summary>The run a simulation gives a test body: its backend, virtual clock and fault plan.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    public static BackendRun For(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        return new(TestBackend.Simulated, simulation.Backend, simulation.Time, simulation, simulation.Faults);
    }

    /// <summary>Whether the body runs in a simulation (virtual time, seeded schedule, planned faults).</summary>
    public bool IsSimulated => Simulation is not null;
}
