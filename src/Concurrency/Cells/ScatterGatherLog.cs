using Microsoft.Extensions.Logging;

namespace Concurrency.Cells;

internal static partial class ScatterGatherLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Cell {CellName} ({CellId}) failed in scatter-gather on {Executor}")]
    public static partial void CellFailed(ILogger logger, Exception error, string cellName, string cellId, string executor);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Cell {CellName} ({CellId}) did not respond within {TimeoutMs:0} ms: its call was still queued on {Executor} and will not run ({Suppressed} more did-not-respond warnings for this cell in the last {IntervalSeconds} s were not logged)")]
    public static partial void CellQueuedAtTimeout(ILogger logger, string cellName, string cellId, double timeoutMs, string executor, int suppressed, double intervalSeconds);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Cell {CellName} ({CellId}) did not respond within {TimeoutMs:0} ms: its running call was told to cancel and is left to finish, holding a worker of {Executor} ({Suppressed} more did-not-respond warnings for this cell in the last {IntervalSeconds} s were not logged)")]
    public static partial void CellLeftRunning(ILogger logger, string cellName, string cellId, double timeoutMs, string executor, int suppressed, double intervalSeconds);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information,
        Message = "Cell {CellName} ({CellId}) call left running on {Executor} has finished ({Status})")]
    public static partial void LeftRunningFinished(ILogger logger, string cellName, string cellId, string executor, TaskStatus status);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "Canceling the call of cell {CellName} ({CellId}) on {Executor} because {Why} threw in its driver's cancellation callback; the call is left to end by itself")]
    public static partial void CancelFailed(ILogger logger, Exception error, string cellName, string cellId, string executor, string why);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning,
        Message = "Cell {CellName} ({CellId}) is hung: {LeftRunning} call(s) left running on {Executor}. Its calls now answer did-not-respond at once, with one probe every {ProbeSeconds:0.###} s, until a probe answers or those calls end")]
    public static partial void CellHung(ILogger logger, string cellName, string cellId, int leftRunning, string executor, double probeSeconds);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information,
        Message = "Cell {CellName} ({CellId}) is back: {How}")]
    public static partial void CellBack(ILogger logger, string cellName, string cellId, string how);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning,
        Message = "The asynchronous query {Query} completed synchronously on {CellCount} cell(s), holding the cooperative loop for {HeldMs:0.0} ms in all (longest {LongestMs:0.0} ms): {Cells}. Its driver blocks (Microsoft.Data.Sqlite's async methods do), so the cells run one after another. Pass a blocking query (Func<CellContext, T>) with OffloadBlockingQueries, or use a truly asynchronous driver. ({Suppressed} more such warnings for this query in the last minute were held back)")]
    public static partial void SynchronousQuery(ILogger logger, string query, int cellCount, string cells, double heldMs, double longestMs, int suppressed);
}
