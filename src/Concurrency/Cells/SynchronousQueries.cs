using Microsoft.Extensions.Logging;

namespace Concurrency.Cells;

/// <summary>
/// Notices an "asynchronous" cell query that completed synchronously after holding a cooperative loop for a noticeable
/// time: under the watchdog's threshold each, such calls still run the cells one after another. Warned at most once a
/// minute per cell, with the number held back; counted in <see cref="ScatterGatherStatistics.SynchronousQueries"/>.
/// </summary>
internal static class SynchronousQueries
{
    /// <summary>How long a synchronously completed query must have held the loop to be reported.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(10);

    private static readonly WarningLimiter s_warnings = new(TimeSpan.FromMinutes(1));

    public static void Check<T>(CellRun<T> run, TimeSpan held)
    {
        if (held < Threshold)
        {
            return;
        }

        run.Counters.SynchronousQuery();
        if (!s_warnings.TryWarn(run.Cell.Id, TimeProvider.System, out int suppressed))
        {
            return;
        }

        run.Counters.Report((run, held, suppressed), static s => ScatterGatherLog.SynchronousQuery(s.run.Logger, s.run.Description, s.held.TotalMilliseconds, s.suppressed));
    }
}
