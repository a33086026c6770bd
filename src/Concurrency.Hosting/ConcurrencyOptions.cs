namespace Concurrency.Hosting;

/// <summary>
/// The <c>Concurrency</c> configuration section. Every value is checked when the host starts; a bad one stops the
/// start with a message naming the key, the value and what is accepted.
/// </summary>
/// <example>
/// <code>
/// "Concurrency": {
///   "Backend": "auto",
///   "ProcessName": "nova-scheduler",
///   "Pools": {
///     "threaded": { "default": 64, "scatter-gather": 256 },
///     "cooperative": { "scatter-gather": 1000 }
///   },
///   "Threads": "DotNetPool",
///   "OffloadWorkers": 256,
///   "ScatterGatherTimeoutSeconds": 30,
///   "StatisticsPeriod": 60,
///   "SlowSliceThresholdMilliseconds": 100,
///   "LoopSchedulerSliceMilliseconds": 0.5,
///   "OffloadSchedulerSliceMilliseconds": 10,
///   "DotNetPoolMinThreads": 64,
///   "DotNetPoolDelayThresholdMilliseconds": 500
/// }
/// </code>
/// </example>
public sealed class ConcurrencyOptions
{
    /// <summary>The configuration section <c>AddConcurrency(configuration)</c> binds.</summary>
    public const string SectionName = "Concurrency";

    /// <summary>
    /// <c>auto</c> (the default: the environment decides), <c>cooperative</c> or <c>threaded</c>. The environment
    /// variable <c>DISABLE_COOPERATIVE_MODE</c>, when set to a non-empty value, wins over this setting, as in Nova.
    /// </summary>
    public string Backend { get; set; } = "auto";

    /// <summary>The first part of every pool's executor name, <c>{process}.{pool}</c>; null uses the entry assembly's name.</summary>
    public string? ProcessName { get; set; }

    /// <summary>
    /// Worker limits by backend, then by pool name (1 to 32767): a pool of 5 threads and a pool of 5 cooperative
    /// slots are different things, so each backend has its own. Pools not listed get the backend's defaults
    /// (threaded: 256; cooperative: 1000).
    /// </summary>
    public Dictionary<string, Dictionary<string, int>> Pools { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The threads the threaded backend's pools run on: <c>DotNetPool</c> (the default: the .NET thread pool's
    /// threads, its minimum raised by each pool's size; a request crosses threads as seldom as with <c>Task.Run</c>,
    /// which kept a web service at the plain ASP.NET baseline under load) or <c>Dedicated</c> (threads of each pool's
    /// own, named after it, for blocking work that must share no thread with the rest of the process). See
    /// <see cref="ExecutorThreads"/>. The cooperative backend ignores it.
    /// </summary>
    public string Threads { get; set; } = nameof(ExecutorThreads.DotNetPool);

    /// <summary>The parsed <see cref="Threads"/>; null when it names no <see cref="ExecutorThreads"/> value.</summary>
    internal ExecutorThreads? ParsedThreads =>
        Enum.TryParse<ExecutorThreads>(Threads, ignoreCase: true, out var threads) && Enum.IsDefined(threads) && !int.TryParse(Threads, out _) ? threads : null;

    /// <summary>
    /// The cooperative loop's offload pool: how many blocking calls may run on native threads at once (1 to 32767);
    /// null takes <see cref="CooperativeLoopOptions.DefaultOffloadWorkers"/>.
    /// </summary>
    public int? OffloadWorkers { get; set; }

    /// <summary>
    /// How many cooperative loops: null or 1 (the default) runs one loop; 2 to 1024 a group of loops, each submission
    /// on the loop its key chooses (or the less loaded of two); 0 one loop per processor. The threaded backend ignores it.
    /// </summary>
    public int? LoopCount { get; set; }

    /// <summary>The injected scatter-gather's timeout in seconds; null takes <see cref="Cells.ScatterGatherOptions.DefaultTimeout"/> (60, as Nova).</summary>
    public double? ScatterGatherTimeoutSeconds { get; set; }

    /// <summary>Seconds between statistics lines per pool, as Nova's <c>thread_pool_statistic_period</c>: -1 off (the default), 0 on every submission.</summary>
    public double StatisticsPeriod { get; set; } = -1;

    /// <summary>The cooperative loop's blocking detector: a slice longer than this is reported; -1 turns it off. Default 100.</summary>
    public int SlowSliceThresholdMilliseconds { get; set; } = 100;

    /// <summary>
    /// The scheduler slice the cooperative loop's thread asks Linux 6.12 or later for, so it runs first when it wakes
    /// among many ready threads (<see cref="CooperativeLoopOptions.LoopSchedulerSlice"/>): 0.1 to 100, or -1 to leave
    /// the OS's. Default 0.5.
    /// </summary>
    public double LoopSchedulerSliceMilliseconds { get; set; } = CooperativeLoopOptions.DefaultLoopSchedulerSlice.TotalMilliseconds;

    /// <summary>
    /// The scheduler slice each offload thread asks Linux 6.12 or later for, so blocking calls give way to the loop
    /// (<see cref="CooperativeLoopOptions.OffloadSchedulerSlice"/>): 0.1 to 100, or -1 to leave the OS's. Default 10.
    /// </summary>
    public double OffloadSchedulerSliceMilliseconds { get; set; } = CooperativeLoopOptions.DefaultOffloadSchedulerSlice.TotalMilliseconds;

    /// <summary>A <c>...SchedulerSliceMilliseconds</c> value as a slice: null for -1 (the OS's).</summary>
    internal static TimeSpan? SchedulerSlice(double milliseconds) => milliseconds == -1 ? null : TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>
    /// Raises the .NET thread pool's minimum worker and I/O threads to this when the host starts (never lowers it;
    /// 1 to 32767) when it is above the host's own target; null (the default) takes that target: one per processor plus
    /// the .NET pool threads the backend's work can block (every pool's size when the threaded pools run on the .NET
    /// pool, else the scatter-gather pool's size). Either is logged once and given back at stop. The pool starts threads up to
    /// its minimum at once and beyond it about one per half second, so a service whose drivers block pool threads
    /// (Npgsql's cancellation of an aborted request's queries, sync-over-async) stalls until it catches up; set this
    /// above the number of pool threads that can block at once.
    /// </summary>
    public int? DotNetPoolMinThreads { get; set; }

    /// <summary>
    /// The .NET pool watchdog: a work item queued to the .NET thread pool that waits longer than this is reported with
    /// the pool's threads and backlog; -1 turns it off. Default 500.
    /// </summary>
    public int DotNetPoolDelayThresholdMilliseconds { get; set; } = 500;
}
