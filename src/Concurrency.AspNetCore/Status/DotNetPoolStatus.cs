namespace Concurrency.AspNetCore;

/// <summary>The .NET thread pool in a status answer: its threads now, and what the watchdog measured.</summary>
/// <param name="Threads">Threads the pool has now.</param>
/// <param name="MinThreads">Its minimum worker threads: it starts that many at once, more only slowly.</param>
/// <param name="PendingWorkItems">Work items waiting for a thread now.</param>
/// <param name="LastQueueDelayMs">How long the watchdog's latest probe waited; null when the watchdog is off.</param>
/// <param name="MaxQueueDelayMs">The longest any probe waited; null when the watchdog is off.</param>
/// <param name="Stalls">Probes that waited past the watchdog's threshold; null when it is off.</param>
public sealed record DotNetPoolStatus(int Threads, int MinThreads, long PendingWorkItems, double? LastQueueDelayMs, double? MaxQueueDelayMs, long? Stalls)
{
    /// <summary>Reads the pool now, with the watchdog's figures when there is one.</summary>
    /// <param name="watchdog">The host's watchdog, or null.</param>
    /// <returns>The snapshot.</returns>
    public static DotNetPoolStatus Of(DotNetPoolWatchdog? watchdog)
    {
        ThreadPool.GetMinThreads(out int minimum, out _);
        return new(
            ThreadPool.ThreadCount,
            minimum,
            ThreadPool.PendingWorkItemCount,
            watchdog?.LastQueueDelay.TotalMilliseconds,
            watchdog?.MaxQueueDelay.TotalMilliseconds,
            watchdog?.Stalls);
    }
}
