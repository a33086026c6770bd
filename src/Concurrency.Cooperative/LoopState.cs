using System.Globalization;

namespace Concurrency;

/// <summary>What one cooperative loop is doing: how busy it has been, what waits for it, whose work it holds, and its offload pool.</summary>
/// <param name="Name">The loop's name.</param>
/// <param name="BusySeconds">Time spent running slices (<see cref="CooperativeLoop.BusyTime"/>).</param>
/// <param name="Ready">Entries waiting for the loop now.</param>
/// <param name="SlowSlices">Slices over the slow-slice threshold.</param>
/// <param name="UnhandledExceptions">Exceptions that escaped a callback.</param>
/// <param name="Offload">The loop's offload pool.</param>
/// <param name="Executors">Each executor on the loop with its submissions in flight there: a group's loops side by side show where a hot key's work piles up.</param>
public sealed record LoopState(
    string Name, double BusySeconds, int Ready, long SlowSlices, long UnhandledExceptions, PoolState Offload, IReadOnlyList<LoopExecutorState> Executors)
{
    /// <summary>Submissions in flight on the loop, across its executors.</summary>
    public int InFlight => Executors.Sum(executor => executor.InFlight);

    /// <summary>The loop's statistics line, in the form of the pools' lines.</summary>
    /// <returns>For example <c>State of loop api.loop-0: busy_seconds: 12.30, ready: 0, in flight: 12 (requests: 4, scatter-gather: 8), slow_slices: 0, unhandled_exceptions: 0, offload busy: 0 of 256</c>.</returns>
    public override string ToString()
    {
        string executors = Executors.Count == 0 ? string.Empty : $" ({string.Join(", ", Executors)})";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"State of loop {Name}: busy_seconds: {BusySeconds:0.00}, ready: {Ready}, in flight: {InFlight}{executors}, slow_slices: {SlowSlices}, unhandled_exceptions: {UnhandledExceptions}, offload busy: {Offload.BusyWorkers} of {Offload.MaxWorkers}");
    }
}

/// <summary>One executor's share of a loop.</summary>
/// <param name="Executor">The executor's name.</param>
/// <param name="InFlight">Its submissions in flight on this loop (for an executor over a group, the ones placed on this loop).</param>
public sealed record LoopExecutorState(string Executor, int InFlight)
{
    /// <summary>The share as a statistics line shows it.</summary>
    /// <returns>For example <c>requests: 4</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Executor}: {InFlight}");
}
