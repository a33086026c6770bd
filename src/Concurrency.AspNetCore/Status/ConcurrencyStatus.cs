using Concurrency.Cells;
using Concurrency.Hosting;

namespace Concurrency.AspNetCore;

/// <summary>What <c>MapConcurrencyStatus</c> answers: the backend, every pool, the loop and scatter-gather.</summary>
/// <param name="Backend">The backend's name.</param>
/// <param name="BackendReason">What chose it.</param>
/// <param name="Pools">Every pool: the named ones, then the backend's own (the loop's offload pool).</param>
/// <param name="ScatterGather">The host's scatter-gather counts.</param>
/// <param name="Loops">The cooperative loops (one, or a group's); empty on the threaded backend.</param>
public sealed record ConcurrencyStatus(string Backend, string BackendReason, IReadOnlyList<PoolReport> Pools, ScatterGatherStatistics ScatterGather, IReadOnlyList<LoopStatus> Loops)
{
    /// <summary>Takes a snapshot of a host.</summary>
    /// <param name="host">What <c>AddConcurrency</c> set up.</param>
    /// <returns>The snapshot.</returns>
    public static ConcurrencyStatus Of(ConcurrencyHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new(
            host.Backend.Name,
            host.BackendReason,
            [.. host.Pools.GetReport()],
            host.ScatterGatherer.GetStatistics(),
            [.. host.Loops.Select(loop => new LoopStatus(loop.Name, loop.BusyTime.TotalSeconds, loop.ReadyCount, loop.SlowSlices, loop.UnhandledExceptions))]);
    }
}

/// <summary>A cooperative loop's state.</summary>
/// <param name="Name">The loop's name.</param>
/// <param name="BusySeconds">Time spent running slices.</param>
/// <param name="Ready">Entries waiting for the loop now.</param>
/// <param name="SlowSlices">Slices over the slow-slice threshold.</param>
/// <param name="UnhandledExceptions">Exceptions that escaped a callback.</param>
public sealed record LoopStatus(string Name, double BusySeconds, int Ready, long SlowSlices, long UnhandledExceptions);
