namespace Concurrency.Testing;

/// <summary>
/// The faults a test plans, per seam and target: latencies, failures, hangs and the window they hold in. The seed
/// draws within the plan, call by call, so a fault plan with a seed is one exact run. A seam with no plan still
/// takes a latency drawn from <see cref="SetDefaultLatency"/>'s range, so the seed varies the interleavings.
/// </summary>
public sealed class FaultPlan
{
    /// <summary>The seam of the test's own calls (<see cref="Simulation.CallAsync"/>).</summary>
    public const string CallSeam = "call";

    private readonly Dictionary<(string Seam, string Target), SeamFaults> _faults = [];
    private readonly Simulation _simulation;
    private readonly Random _draws;
    private TimeSpan _minLatency = TimeSpan.Zero;
    private TimeSpan _maxLatency = TimeSpan.FromMilliseconds(5);

    internal FaultPlan(Simulation simulation, int seed)
    {
        _simulation = simulation;
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
            if (!_faults.TryGetValue((seam, target), out var faults))
            {
                faults = new SeamFaults(seam, target);
                _faults.Add((seam, target), faults);
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
            _faults.TryGetValue((seam, target), out faults);
        }

        // Three draws per call whatever the plan, so adding a fault to one target never shifts another's draws.
        double latencyDraw = _draws.NextDouble();
        double hangDraw = _draws.NextDouble();
        double failDraw = _draws.NextDouble();
        bool active = faults is not null && faults.HoldsAt(_simulation.Elapsed);
        var (min, max) = faults?.LatencyRange ?? (_minLatency, _maxLatency);
        var latency = min + ((max - min) * latencyDraw);
        bool hangs = active && hangDraw < faults!.HangProbability;
        bool fails = active && !hangs && failDraw < faults!.FailProbability;
        _simulation.Note($"{seam} {target}: {latency.TotalMilliseconds:0.###} ms{(hangs ? ", hangs" : fails ? ", fails" : string.Empty)}");
        if (hangs)
        {
            // A hung call: it answers never, and cancels only if the plan says its driver would notice the token.
            await Core.Simulated.InlineDelay(_simulation.Time, Timeout.InfiniteTimeSpan, faults!.HangObservesCancellation ? cancellationToken : CancellationToken.None).ConfigureAwait(Core.Simulated.Captures);
        }

        if (latency > TimeSpan.Zero)
        {
            await Core.Simulated.InlineDelay(_simulation.Time, latency, cancellationToken).ConfigureAwait(Core.Simulated.Captures);
        }

        if (fails)
        {
            throw faults!.NewError();
        }
    }
}
