using Microsoft.Extensions.Logging;

namespace Concurrency;

internal static partial class ExecutorLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Information,
        Message = "Stats of {Pool} executor: ExecutorStatistics(failures={Failures}, executed={Executed}, runtime={Runtime:0.00}, cancelled={Cancelled})")]
    public static partial void Statistics(ILogger logger, string pool, long failures, long executed, double runtime, long cancelled);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "State of {Pool} {ExecutorType}: max_workers: {MaxWorkers}, workers: {Workers}, idle workers: {IdleWorkers}, queued: {Queued}")]
    public static partial void State(ILogger logger, string pool, string executorType, int maxWorkers, int workers, int idleWorkers, int queued);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning,
        Message = "The {Pool} pool has no free worker, so {Work} is queued ({Queued} queued now; all {MaxWorkers} workers busy, raise {SizeSetting} if this pool caps throughput; {Suppressed} more such warnings in the last {IntervalSeconds} s were not logged)")]
    public static partial void Queued(ILogger logger, string pool, string work, int queued, int maxWorkers, string sizeSetting, int suppressed, double intervalSeconds);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning,
        Message = "Possible deadlock in the {Pool} pool: work running on it submitted {Work}, which is queued because all {MaxWorkers} workers are busy ({Running}). If the running work waits for it, no worker will ever be free; submit such work to a separate pool")]
    public static partial void PossibleDeadlock(ILogger logger, string pool, string work, int maxWorkers, string running);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning,
        Message = "The {Pool} pool is starved: work has waited {WaitedSeconds:0.0} s ({Queued} queued) while all {MaxWorkers} workers are busy with: {Running}")]
    public static partial void Starved(ILogger logger, string pool, double waitedSeconds, int queued, int maxWorkers, string running);
}
