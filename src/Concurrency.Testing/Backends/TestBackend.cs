using Xunit.Abstractions;

namespace Concurrency.Testing;

/// <summary>
/// One backend a test runs on, as <see cref="EveryBackendAttribute"/> hands it out: the threaded backend, the
/// cooperative one (the test body on a loop of its own), or the simulation (the body on many seeds). The same body
/// runs on each through <see cref="RunAsync"/>.
/// </summary>
public sealed class TestBackend : IXunitSerializable
{
    /// <summary>The threaded backend's name.</summary>
    public const string Threaded = "threaded";

    /// <summary>The cooperative backend's name.</summary>
    public const string Cooperative = "cooperative";

    /// <summary>The simulated backend's name.</summary>
    public const string Simulated = "simulated";

    private string _name = Threaded;
    private int _seeds = 100;

    /// <summary>For xunit's serializer; tests get instances from <see cref="EveryBackendAttribute"/> or <see cref="Of"/>.</summary>
    [Obsolete("For xunit's serializer only; use TestBackend.Of.")]
    public TestBackend()
    {
    }

    private TestBackend(string name, int seeds)
    {
        _name = name;
        _seeds = seeds;
    }

    /// <summary>The backend's name: <see cref="Threaded"/>, <see cref="Cooperative"/> or <see cref="Simulated"/>.</summary>
    public string Name => _name;

    /// <summary>How many seeds the simulated backend explores (the environment may override it); ignored by the others.</summary>
    public int Seeds => _seeds;

    /// <summary>The backend named <paramref name="name"/>.</summary>
    /// <param name="name"><see cref="Threaded"/>, <see cref="Cooperative"/> or <see cref="Simulated"/>.</param>
    /// <param name="seeds">Seeds the simulated backend explores; 1 or more.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of the three.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seeds"/> is under 1.</exception>
    public static TestBackend Of(string name, int seeds = 100)
    {
        if (name is not (Threaded or Cooperative or Simulated))
        {
            throw new ArgumentException($"Backend '{name}' is not accepted: use '{Threaded}', '{Cooperative}' or '{Simulated}'.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        return new TestBackend(name, seeds);
    }

    /// <summary>
    /// Runs <paramref name="test"/> on this backend: once on a real one, on every seed on the simulation (throwing a
    /// <see cref="SimulationFailedException"/> with the seed and its replay command at the first that fails).
    /// </summary>
    /// <param name="test">The body; it gets the backend to make executors from and the clock to use.</param>
    /// <param name="options">The simulation's limits; its seed count is this backend's unless set. Null takes the defaults.</param>
    /// <returns>A Task that completes when the body has passed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    public async Task RunAsync(Func<BackendRun, Task> test, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        int seed = Random.Shared.Next();
        switch (_name)
        {
            case Simulated:
                options ??= new SimulationOptions { Seeds = _seeds };
                await Simulation.ExploreAsync(simulation => test(BackendRun.For(simulation)), options).ConfigureAwait(false);
                break;
            case Cooperative:
                await RunOnLoopAsync(test, seed).ConfigureAwait(false);
                break;
            default:
                var threaded = new BackendRun(Threaded, ThreadPoolExecutor.Backend, TimeProvider.System, null, new FaultPlan(TimeProvider.System, seed));
                await Task.Run(() => test(threaded)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Runs the body on a loop of its own, then stops the loop; a loop that cannot stop is an error, unless the body failed first.</summary>
    private static async Task RunOnLoopAsync(Func<BackendRun, Task> test, int seed)
    {
        var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "test-loop" });
        var run = new BackendRun(Cooperative, new LoopBackend(loop), TimeProvider.System, null, new FaultPlan(TimeProvider.System, seed));
        var body = Task.Factory.StartNew(() => test(run), CancellationToken.None, TaskCreationOptions.DenyChildAttach, loop.Scheduler).Unwrap();
        await body.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var stopped = loop.DisposeAsync().AsTask();
        bool stoppedInTime = await Task.WhenAny(stopped, Task.Delay(LoopStopTimeout)).ConfigureAwait(false) == stopped;
        await body.ConfigureAwait(false);
        if (!stoppedInTime)
        {
            throw new InvalidOperationException(
                $"The test's cooperative loop did not stop within {LoopStopTimeout.TotalSeconds} s after the test ended: work the test started never ended. Shut down the executors the test made, and end what they run.");
        }

        await stopped.ConfigureAwait(false);
    }

    private static readonly TimeSpan LoopStopTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        _name = info.GetValue<string>(nameof(Name));
        _seeds = info.GetValue<int>(nameof(Seeds));
    }

    /// <inheritdoc/>
    public void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.AddValue(nameof(Name), _name);
        info.AddValue(nameof(Seeds), _seeds);
    }

    /// <inheritdoc/>
    public override string ToString() => _name;

    /// <summary>The cooperative backend on one loop the test owns, so a test never shares the process's hub.</summary>
    private sealed class LoopBackend(CooperativeLoop loop) : ExecutorBackend(Cooperative)
    {
        public override string ExecutorTypeName => CooperativeExecutor.Backend.ExecutorTypeName;

        public override int DefaultMaxWorkers => CooperativeExecutor.DefaultMaxWorkers;

        public override IExecutor CreateExecutor(ExecutorOptions? options = null) =>
            CooperativeExecutor.Create(new CooperativeExecutorOptions(options ?? new ExecutorOptions(), loop));
    }
}
