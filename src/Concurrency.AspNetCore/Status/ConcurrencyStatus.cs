using Concurrency.Cells;
using Concurrency.Hosting;

namespace Concurrency.AspNetCore;

/// <summary>What <c>MapConcurrencyStatus</c> answers: the backend, every pool, the loop and scatter-gather.</summary>
/// <param name="Backend">The backend's name.</param>
/// <param name="BackendReason">What chose it.</param>
/// <param name="Pools">Every pool: the named ones, then the backend's own (the loop's offload pool).</param>
/// <param name="ScatterGather">The host's scatter-gather counts.</param>
/// <param name="Loops">The cooperative loops (one, or a group's); empty on the threaded backend.</param>
/// <param name="DotNetPool">The .NET thread pool, which runs requests and continuations on either backend.</param>
public sealed record ConcurrencyStatus(
    string Backend, string BackendReason, IReadOnlyList<PoolReport> Pools, ScatterGatherStatistics ScatterGather, IReadOnlyList<LoopState> Loops, DotNetPoolStatus DotNetPool)
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
            [.. host.Loops.Select(loop => loop.GetState())],
            DotNetPoolStatus.Of(host.DotNetPool));
    }
}
