namespace Concurrency.Testing;

/// <summary>How one seed's run went: its trace hash (equal for equal runs), its size, its escapes and its failure.</summary>
public sealed class SimulationRun
{
    internal SimulationRun(
        int seed, string traceHash, long steps, TimeSpan virtualTime, TimeSpan wallTime, IReadOnlyList<SimulationEscape> escapes, IReadOnlyList<string> recentEvents, Exception? failure)
    {
        Seed = seed;
        TraceHash = traceHash;
        Steps = steps;
        VirtualTime = virtualTime;
        WallTime = wallTime;
        Escapes = escapes;
        RecentEvents = recentEvents;
        Failure = failure;
    }

    /// <summary>The seed that chose the schedule, the fault draws and the order of equal timers.</summary>
    public int Seed { get; }

    /// <summary>A hash of every event in order with its virtual time: the same seed gives the same hash, in any process.</summary>
    public string TraceHash { get; }

    /// <summary>Steps run: callbacks, executor items and timers.</summary>
    public long Steps { get; }

    /// <summary>Virtual time that passed.</summary>
    public TimeSpan VirtualTime { get; }

    /// <summary>Real time the run took.</summary>
    public TimeSpan WallTime { get; }

    /// <summary>Work that left the simulation, each place once.</summary>
    public IReadOnlyList<SimulationEscape> Escapes { get; }

    /// <summary>The last events of the trace (<see cref="SimulationOptions.TraceLength"/> of them), oldest first.</summary>
    public IReadOnlyList<string> RecentEvents { get; }

    /// <summary>Why the run failed: the test's exception or a <see cref="SimulationException"/>; null when it passed.</summary>
    public Exception? Failure { get; }

    /// <summary>Whether the run passed.</summary>
    public bool Passed => Failure is null;

    /// <inheritdoc/>
    public override string ToString() =>
        $"seed {Seed}: {(Passed ? "passed" : "failed")}, trace {TraceHash}, {Steps} steps, {VirtualTime} virtual in {WallTime.TotalMilliseconds:0.#} ms";
}
