using System.Collections.Concurrent;
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

    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<string, Warned> s_warned = new(StringComparer.Ordinal);

    public static void Check<T>(CellRun<T> run, TimeSpan held)
    {
        if (held < Threshold)
        {
            return;
        }

        CellGather.Counters.SynchronousQuery();
        long now = Environment.TickCount64;
        var warned = s_warned.GetOrAdd(run.Cell.Id, static _ => new Warned());
        int suppressed;
        lock (warned)
        {
            if (warned.At != 0 && now - warned.At < (long)s_interval.TotalMilliseconds)
            {
                warned.Suppressed++;
                return;
            }

            warned.At = now;
            suppressed = warned.Suppressed;
            warned.Suppressed = 0;
        }

        CellGather.Counters.Report((run, held, suppressed), static s => ScatterGatherLog.SynchronousQuery(s.run.Logger, s.run.Description, s.held.TotalMilliseconds, s.suppressed));
    }

    private sealed class Warned
    {
        public long At { get; set; }

        public int Suppressed { get; set; }
    }
}
