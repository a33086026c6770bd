using Concurrency.Cells;

namespace Concurrency.Hosting;

/// <summary>
/// What <c>AddConcurrency</c> set up for this host, for status pages, health checks and diagnostics: the backend and
/// why it was chosen, the pools, scatter-gather, the cooperative loops when there are any, and the .NET pool watchdog.
/// </summary>
public sealed class ConcurrencyHost
{
    internal ConcurrencyHost(ExecutorBackend backend, string reason, ExecutorPools pools, ScatterGatherer scatterGatherer, IReadOnlyList<CooperativeLoop> loops, DotNetPoolWatchdog? dotNetPool = null)
    {
        DotNetPool = dotNetPool;
        Backend = backend;
        BackendReason = reason;
        Pools = pools;
        ScatterGatherer = scatterGatherer;
        Loops = loops;
    }

    /// <summary>The backend every pool runs on.</summary>
    public ExecutorBackend Backend { get; }

    /// <summary>Why: the environment variable, or the configuration key, that chose it.</summary>
    public string BackendReason { get; }

    /// <summary>The host's named pools (and, through their report, the backend's own).</summary>
    public ExecutorPools Pools { get; }

    /// <summary>Scatter-gather on the host's pool, logger and timeout.</summary>
    public ScatterGatherer ScatterGatherer { get; }

    /// <summary>The host's cooperative loops: one, or a group's (<c>Concurrency:LoopCount</c>); none on the threaded backend.</summary>
    public IReadOnlyList<CooperativeLoop> Loops { get; }

    /// <summary>The .NET pool watchdog's figures; null when <c>Concurrency:DotNetPoolDelayThresholdMilliseconds</c> is -1.</summary>
    public DotNetPoolWatchdog? DotNetPool { get; }
}
