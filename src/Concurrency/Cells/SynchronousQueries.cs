using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Concurrency.Cells;

/// <summary>
/// Notices, for one gather, the "asynchronous" cell queries that completed synchronously after holding a cooperative
/// loop for a noticeable time: under the watchdog's threshold each, such calls still run the cells one after another.
/// The gather warns once, naming the cells and the time held in all, at most once a minute per query, with the number
/// held back; each cell's call is counted in <see cref="ScatterGatherStatistics.SynchronousQueries"/>.
/// </summary>
internal sealed class SynchronousQueries
{
    /// <summary>How long a synchronously completed query must have held the loop to be reported.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(10);

    private static readonly WarningLimiter s_warnings = new(TimeSpan.FromMinutes(1));

    private readonly Lock _gate = new();
    private List<(Cell Cell, TimeSpan Held)>? _held;
    private bool _reported;

    /// <summary>Records one cell's query that completed synchronously after holding the loop for <paramref name="held"/>.</summary>
    public void Check<T>(CellRun<T> run, TimeSpan held)
    {
        if (held < Threshold)
        {
            return;
        }

        run.Counters.SynchronousQuery();
        lock (_gate)
        {
            if (!_reported)
            {
                (_held ??= []).Add((run.Cell, held));
                return;
            }
        }

        // A call that started after its gather concluded (it was queued at the timeout) is reported on its own.
        Warn(run.Logger, run.Counters, run.Query.Name, [(run.Cell, held)]);
    }

    /// <summary>Called once as the gather concludes: one warning for every cell whose query held the loop.</summary>
    public void Report(ILogger logger, ScatterGatherCounters counters, string query)
    {
        List<(Cell Cell, TimeSpan Held)>? held;
        lock (_gate)
        {
            _reported = true;
            held = _held;
        }

        if (held is not null)
        {
            Warn(logger, counters, query, held);
        }
    }

    private static void Warn(ILogger logger, ScatterGatherCounters counters, string query, List<(Cell Cell, TimeSpan Held)> held)
    {
        if (!s_warnings.TryWarn(query, TimeProvider.System, out int suppressed))
        {
            return;
        }

        double total = held.Sum(entry => entry.Held.TotalMilliseconds);
        double longest = held.Max(entry => entry.Held.TotalMilliseconds);
        string cells = string.Join(", ", held.Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Cell.Name} ({entry.Held.TotalMilliseconds:0.0} ms)")));
        counters.Report(
            (logger, query, held.Count, cells, total, longest, suppressed),
            static s => ScatterGatherLog.SynchronousQuery(s.logger, s.query, s.Count, s.cells, s.total, s.longest, s.suppressed));
    }
}
