using System.Collections;
using System.Globalization;
using System.Text;

namespace Concurrency;

/// <summary>A snapshot of every pool: <see cref="ToString"/> gives the statistics lines, <see cref="ToTable"/> a table.</summary>
public sealed class PoolsReport : IReadOnlyList<PoolReport>
{
    private readonly PoolReport[] _pools;

    internal PoolsReport(PoolReport[] pools) => _pools = pools;

    /// <summary>How many pools the report covers.</summary>
    public int Count => _pools.Length;

    /// <summary>The pool at a position, in name order.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The pool's report.</returns>
    public PoolReport this[int index] => _pools[index];

    /// <summary>A fixed-width table: one row per pool with its workers, queue and counters.</summary>
    /// <returns>A header and one row per pool, each line ending with a newline.</returns>
    public string ToTable()
    {
        var table = new StringBuilder();
        table.AppendLine("pool            type                 max  workers  idle  busy  queued   executed  failures   canceled  rejected  runtime s  queue wait s");
        foreach (var pool in _pools)
        {
            var (s, p) = (pool.Statistics, pool.State);
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{pool.Pool,-15} {pool.ExecutorType,-19} {p.MaxWorkers,5} {p.Workers,8} {p.IdleWorkers,5} {p.BusyWorkers,5} {p.Queued,7} {s.Executed,10} {s.Failures,9} {s.Canceled,10} {s.Rejected,9} {s.Runtime.TotalSeconds,10:0.00} {s.QueueWait.TotalSeconds,13:0.00}"));
        }

        return table.ToString();
    }

    /// <summary>The statistics lines of every pool, two per pool, as Nova logs them.</summary>
    /// <returns>The lines, separated by newlines.</returns>
    public override string ToString() => string.Join(Environment.NewLine, _pools.Select(pool => pool.ToString()));

    /// <inheritdoc />
    public IEnumerator<PoolReport> GetEnumerator() => ((IEnumerable<PoolReport>)_pools).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
