namespace Concurrency.Testing;

/// <summary>What a test body gets on each backend: the backend to make executors from, the clock, and the simulation when there is one.</summary>
/// <param name="Name">The backend's name, as <see cref="TestBackend.Name"/>.</param>
/// <param name="Backend">Makes the executors the test uses.</param>
/// <param name="Time">The clock to hand to what asks for one: the system's, or the simulation's virtual clock.</param>
/// <param name="Simulation">The simulation, on the simulated backend; null on the others.</param>
public sealed record BackendRun(string Name, ExecutorBackend Backend, TimeProvider Time, Simulation? Simulation)
{
    /// <summary>Whether the body runs in a simulation (virtual time, seeded schedule, planned faults).</summary>
    public bool IsSimulated => Simulation is not null;
}
