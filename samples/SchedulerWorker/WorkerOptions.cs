namespace SchedulerWorker;

/// <summary>The worker's settings, from the <c>Worker</c> configuration section.</summary>
internal sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>The RPC queue, as Nova's scheduler topic.</summary>
    public const string DefaultQueue = "select_destinations";

    /// <summary>The worker's name in replies and logs.</summary>
    public string Name { get; set; } = $"worker-{Environment.ProcessId}";

    public string Queue { get; set; } = DefaultQueue;

    /// <summary>SQLite cell files made at start (deleted at stop), each of <see cref="HostsPerCell"/> hosts.</summary>
    public int SqliteCells { get; set; } = 4;

    /// <summary>Unacknowledged requests the broker sends ahead; null for the handler pool's size.</summary>
    public ushort? Prefetch { get; set; }

    public int HostsPerCell { get; set; } = 20;

    /// <summary>Each cell query's simulated latency (inside the driver, so a blocking cell blocks for it).</summary>
    public int LatencyMilliseconds { get; set; } = 20;

    public TimeSpan Latency => TimeSpan.FromMilliseconds(LatencyMilliseconds);
}
