namespace Concurrency;

/// <summary>What one cooperative loop is doing: how busy it has been, what waits for it, and its offload pool.</summary>
/// <param name="Name">The loop's name.</param>
/// <param name="BusySeconds">Time spent running slices (<see cref="CooperativeLoop.BusyTime"/>).</param>
/// <param name="Ready">Entries waiting for the loop now.</param>
/// <param name="SlowSlices">Slices over the slow-slice threshold.</param>
/// <param name="UnhandledExceptions">Exceptions that escaped a callback.</param>
/// <param name="Offload">The loop's offload pool.</param>
public sealed record LoopState(string Name, double BusySeconds, int Ready, long SlowSlices, long UnhandledExceptions, PoolState Offload);
