namespace Concurrency.Testing;

/// <summary>
/// The faults a test plans, per seam and target: latencies, failures, hangs and the window they hold in. The seed
/// draws within the plan, call by call, so a fault plan with a seed is one exact run in a simulation (on a real
/// backend, where <see cref="FaultPlan(TimeProvider, int)"/> makes one, the draws are the same but timing is real). A seam with no plan still
/// takes a latency drawn from <see cref="SetDefaultLatency"/>'s range, so the seed varies the interleavings.
/// </summary>
public sealed class FaultPlan
{
    /// <summary>The seam of the test's own calls (<see cref="Simulation.CallAsync"/>).</summary>
    public const string CallSeam = "call";

    private readonly Dictionary<string, SeamFaults> _faults = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Simulation? _simulation;
    private readonly Random _draws;
    private TimeSpan _minLatency = TimeSpan.Zero;
    private TimeSpan _maxLatency = TimeSpan.FromMilliseconds(5);

    internal FaultPlan(Simulation simulation, int seed)
        : this(simulation.Time, seed)
    {
        _simulation = simulation;
    }

    /// <summary>A plan for a run on a real backend: latencies are real time, and <paramref name="seed"/> draws the faults.</summary>
    /// <param name="time">The clock latencies and windows are measured on.</param>
    /// <param name="seed">Seeds the draws.</param>
    public FaultPlan(TimeProvider time, int seed)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _started = time.GetTimestamp();
        _draws = new Random(unchecked((seed * 7919) ^ 0x5BD1E995));
    }

    /// <summary>The plan for a scatter-gather cell's queries, by the cell's name.</summary>
    /// <param name="cell">The cell's <see cref="Cells.Cell.Name"/>.</param>
    /// <returns>The cell's faults, to configure.</returns>
    public SeamFaults Cell(string cell) => For(ISimulationContext.CellSeam, cell);

    /// <summary>The plan for the test's own calls named <paramref name="target"/> (<see cref="Simulation.CallAsync"/>).</summary>
    /// <param name="target">The call's name.</param>
    /// <returns>The call's faults, to configure.</returns>
    public SeamFaults Call(string target) => For(CallSeam, target);

    /// <summary>The plan for one target of one seam.</summary>
    /// <param name="seam">The seam, such as <see cref="ISimulationContext.CellSeam"/> or <see cref="CallSeam"/>.</param>
    /// <param name="target">What the calls are for.</param>
    /// <returns>Its faults, to configure; the same object on every call.</returns>
    /// <exception cref="ArgumentException"><paramref name="seam"/> or <paramref name="target"/> is null or empty.</exception>
    public SeamFaults For(string seam, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(seam);
        ArgumentException.ThrowIfNullOrEmpty(target);
        lock (_faults)
        {
            if (!_faults.TryGetValue(Key(seam, target), out var faults))
            {
                faults = new SeamFaults(seam, target, _simulation is null ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
                _faults.Add(Key(seam, target), faults);
            }

            return faults;
        }
    }

    /// <summary>Sets the latency range of calls with no latency of their own; default 0 to 5 ms of virtual time.</summary>
    /// <param name="min">The shortest.</param>
    /// <param name="max">The longest, at least <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is negative, or <paramref name="max"/> is under <paramref name="min"/>.</exception>
    public void SetDefaultLatency(TimeSpan min, TimeSpan max)
    {
        SeamFaults.CheckRange(min, max);
        (_minLatency, _maxLatency) = (min, max);
    }

    internal async ValueTask EnterAsync(string seam, string target, CancellationToken cancellationToken)
    {
        SeamFaults? faults;
        lock (_faults)
        {
            _faults.TryGetValue(Key(seam, target), out faults);
        }

        // Three draws per call whatever the plan, so adding a fault to one target never shifts another's draws.
        double latencyDraw, hangDraw, failDraw;
        lock (_draws)
        {
            latencyDraw = _draws.NextDouble();
            hangDraw = _draws.NextDouble();
            failDraw = _draws.NextDouble();
        }

        bool active = faults is not null && faults.HoldsAt(_time.GetElapsedTime(_started));
        var (min, max) = faults?.LatencyRange ?? (_minLatency, _maxLatency);
        var latency = min + ((max - min) * latencyDraw);
        bool hangs = active && hangDraw < faults!.HangProbability;
        bool fails = active && !hangs && failDraw < faults!.FailProbability;
        _simulation?.Note($"{seam} {target}: {latency.TotalMilliseconds:0.###} ms{(hangs ? ", hangs" : fails ? ", fails" : string.Empty)}");
        if (hangs)
        {
            // A hung call: it answers when the target recovers, and cancels only if its driver would notice the token.
            await faults!.Recovered.WaitAsync(faults.HangObservesCancellation ? cancellationToken : CancellationToken.None).ConfigureAwait(Core.Simulated.Captures);
        }

        if (latency > TimeSpan.Zero)
        {
            await DelayAsync(latency, cancellationToken).ConfigureAwait(Core.Simulated.Captures);
        }

        if (fails)
        {
            throw faults!.NewError();
        }
    }

    private static string Key(string seam, string target) => $"{seam}\n{target}";

    // In a simulation the delay resumes its awaiter on the simulation's thread; on a real backend it is Task.Delay.
    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        _simulation is null ? Task.Delay(delay, _time, cancellationToken) : Core.Simulated.InlineDelay(_time, delay, cancellationToken);

    /// <summary>A call of the test's own doubles through this plan (see <see cref="Simulation.CallAsync"/>).</summary>
    /// <param name="target">The name the plan knows the call by.</param>
    /// <param name="cancellationToken">The call's token; a hang that observes cancellation ends with it.</param>
    /// <returns>A ValueTask that completes when the call returns.</returns>
    public ValueTask CallAsync(string target, CancellationToken cancellationToken = default) => EnterAsync(CallSeam, target, cancellationToken);
}
