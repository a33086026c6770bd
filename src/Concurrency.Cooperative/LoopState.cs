namespace Concurrency;

/// <summary>What one cooperative loop is doing: how busy it has been, what waits for it, and its offload pool.</summary>
/// <param name="Name">The loop's name.</param>
/// <param name="BusySeconds">Time spent running slices (<see cref="CooperativeLoop.BusyTime"/>).</param>
/// <param name="Ready">Entries waiting for the loop now.</param>
/// <param name="SlowSlices">Slices over the slow-slice threshold.</param>
/// <param name="UnhandledExceptions">Exceptions that escaped a callback.</param>
/// <param name="Offload">The loop's offload pool.</param>
public sealed record LoopState(string Name, double BusySeconds, int Ready, long SlowSlices, long UnhandledExceptions, PoolState Offload)
{
    /// <summary>The loop's statistics line, in the form of the pools' lines.</summary>
    /// <returns>For example <c>State of loop api.loop-0: busy_seconds: 12.30, ready: 0, slow_slices: 0, unhandled_exceptions: 0, offload busy: 0 of 256</c>.</returns>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"State of loop {Name}: busy_seconds: {BusySeconds:0.00}, ready: {Ready}, slow_slices: {SlowSlices}, unhandled_exceptions: {UnhandledExceptions}, offload busy: {Offload.BusyWorkers} of {Offload.MaxWorkers}");
}
