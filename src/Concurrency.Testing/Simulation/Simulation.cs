namespace Concurrency.Testing;

/// <summary>
/// A deterministic simulation of a service: everything runs on one thread in virtual time, the seed chooses which
/// ready work runs next, how long calls take and which planned faults happen, and the same seed gives the same run.
/// The test gets this handle: create executors from <see cref="Backend"/>, use <see cref="Time"/> where a clock is
/// asked for (the library's own clocks default to it), and plan faults in <see cref="Faults"/>.
/// </summary>
/// <example>
/// <code>
/// await Simulation.ExploreAsync(async simulation =>
/// {
///     var executor = simulation.Backend.CreateExecutor(new ExecutorOptions { MaxWorkers = 4 });
///     var booked = await Task.WhenAll(executor.Submit(() => hosts.BookAsync("h1")), executor.Submit(() => hosts.BookAsync("h1")));
///     Assert.Single(booked, true);
///     await executor.ShutdownAsync();
/// });
/// </code>
/// </example>
public sealed class Simulation
{
    private readonly SimulationScheduler _scheduler;
    private readonly Lazy<IExecutor> _offload;

    private Simulation(int seed, SimulationOptions options)
    {
        Seed = seed;
        Options = options;
        _scheduler = new SimulationScheduler(seed, options, this);
        Backend = new SimulatedBackend(_scheduler);
        Faults = new FaultPlan(this, seed);
        Random = new Random(unchecked((seed * 397) ^ 0x2545F491));
        _offload = new Lazy<IExecutor>(() => Backend.CreateExecutor(new ExecutorOptions { Name = "simulation.offload", MaxWorkers = 64 }));
    }

    /// <summary>The simulation whose thread is calling, or null outside one.</summary>
    public static Simulation? Current => SimulationScheduler.Current?.Simulation;

    /// <summary>This run's seed.</summary>
    public int Seed { get; }

    /// <summary>The run's settings.</summary>
    public SimulationOptions Options { get; }

    /// <summary>The virtual clock: it jumps to the next due timer whenever nothing is ready.</summary>
    public TimeProvider Time => _scheduler.Time;

    /// <summary>The virtual time since the run began.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(_scheduler.Now);

    /// <summary>The simulated backend: executors made from it run on the simulation.</summary>
    public ExecutorBackend Backend { get; }

    /// <summary>The faults the test plans at the library's seams and at its own calls; the seed draws within them.</summary>
    public FaultPlan Faults { get; }

    /// <summary>A random source seeded by the run's seed, for the test's own choices.</summary>
    public Random Random { get; }

    internal IExecutor OffloadExecutor => _offload.Value;

    /// <summary>
    /// A call of the test's own doubles (a database, a remote service) through the fault plan: it takes a virtual
    /// latency the seed draws, and fails or hangs as <see cref="FaultPlan.Call(string)"/> plans for <paramref name="target"/>.
    /// </summary>
    /// <param name="target">The name the plan knows the call by.</param>
    /// <param name="cancellationToken">The call's token; a hang that observes cancellation ends with it.</param>
    /// <returns>A ValueTask that completes when the call returns.</returns>
    public ValueTask CallAsync(string target, CancellationToken cancellationToken = default) => Faults.CallAsync(target, cancellationToken);

    /// <summary>Adds the test's own event to the trace (and its hash), such as a decision the test made.</summary>
    /// <param name="what">The event, without object identities, so it reads the same in every process.</param>
    public void Note(string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        _scheduler.Trace.Add(_scheduler.Now, $"note {what}");
    }

    /// <summary>Runs <paramref name="test"/> once, on one seed; never throws for the test's failure (see <see cref="SimulationRun.Failure"/>).</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="test">The test body; it runs on the simulation's thread.</param>
    /// <param name="options">Limits; null takes the defaults.</param>
    /// <returns>How the run went.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    public static Task<SimulationRun> RunAsync(int seed, Func<Simulation, Task> test, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        var simulation = new Simulation(seed, options ?? new SimulationOptions());
        return simulation._scheduler.RunAsync(() => test(simulation));
    }

    /// <summary>
    /// Runs <paramref name="test"/> on <see cref="SimulationOptions.Seeds"/> seeds in turn (or only the seed in
    /// <see cref="SimulationOptions.SeedVariable"/>) and throws at the first that fails, with its seed, its trace and
    /// a command that replays it.
    /// </summary>
    /// <param name="test">The test body; it runs on the simulation's thread.</param>
    /// <param name="options">Seeds and limits; null takes the defaults.</param>
    /// <returns>Every run, when all passed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    /// <exception cref="SimulationFailedException">A seed failed.</exception>
    public static async Task<IReadOnlyList<SimulationRun>> ExploreAsync(Func<Simulation, Task> test, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        options ??= new SimulationOptions();
        string replay = ReplayCommand.ForCaller();
        var runs = new List<SimulationRun>();
        foreach (int seed in SeedsToRun(options))
        {
            var run = await RunAsync(seed, test, options).ConfigureAwait(false);
            runs.Add(run);
            if (!run.Passed)
            {
                throw new SimulationFailedException(run, ReplayCommand.For(replay, seed));
            }
        }

        return runs;
    }

    /// <summary>The seeds an exploration runs: the replayed one, or the configured range (its count from the environment when set).</summary>
    internal static IEnumerable<int> SeedsToRun(SimulationOptions options)
    {
        if (Environment.GetEnvironmentVariable(SimulationOptions.SeedVariable) is { Length: > 0 } replayed)
        {
            return int.TryParse(replayed, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int seed)
                ? [seed]
                : throw new InvalidOperationException($"{SimulationOptions.SeedVariable} is '{replayed}', not a seed: set it to a whole number such as 42, or unset it to explore.");
        }

        int count = options.Seeds;
        if (Environment.GetEnvironmentVariable(SimulationOptions.SeedsVariable) is { Length: > 0 } seeds)
        {
            count = int.TryParse(seeds, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed) && parsed >= 1
                ? parsed
                : throw new InvalidOperationException($"{SimulationOptions.SeedsVariable} is '{seeds}', not a seed count: set it to 1 or more, or unset it.");
        }

        return Enumerable.Range(0, count).Select(offset => unchecked(options.FirstSeed + offset));
    }
}
