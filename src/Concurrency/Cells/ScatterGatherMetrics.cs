using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Concurrency.Cells;

/// <summary>
/// Scatter-gather's instruments, on a meter of the library's name (<see cref="ExecutorMetrics.MeterName"/>) so one
/// <c>AddMeter</c> collects them with the executors'. Each is tagged with <c>executor.name</c>, the pool the cells'
/// calls ran on.
/// </summary>
/// <remarks>
/// <c>concurrency.scatter_gather.calls</c> (counter), <c>concurrency.scatter_gather.cells</c> (counter,
/// <c>outcome</c> = responded, failed, did_not_respond), <c>concurrency.scatter_gather.cell.duration</c> (histogram,
/// seconds, from submission to the call's end, <c>outcome</c> = responded, failed, canceled; a call left running is
/// recorded when it ends), <c>concurrency.scatter_gather.cell.still_running</c> (calls left running that have not
/// ended) and <c>concurrency.scatter_gather.cell.left_running</c> (the same, by <c>cell.id</c>, from the pools'
/// bulkheads).
/// </remarks>
public sealed class ScatterGatherMetrics : IDisposable
{
    private static readonly Lazy<ScatterGatherMetrics> s_shared = new(() => new ScatterGatherMetrics());

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly ConditionalWeakTable<IExecutor, CellBulkhead> _bulkheads = [];
    private readonly ConcurrentDictionary<string, StrongBox<long>> _stillRunning = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    /// <param name="meterFactory">The application's meter factory (dependency injection); null creates a standalone meter.</param>
    public ScatterGatherMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(ExecutorMetrics.MeterName) ?? new Meter(ExecutorMetrics.MeterName);
        Calls = _meter.CreateCounter<long>("concurrency.scatter_gather.calls", "{call}", "Scatter-gather calls started.");
        Cells = _meter.CreateCounter<long>("concurrency.scatter_gather.cells", "{cell}", "Cells of scatter-gather calls that returned, by outcome.");
        CellDuration = _meter.CreateHistogram<double>(
            "concurrency.scatter_gather.cell.duration", "s", "How long each cell's call took, from submission to its end, by outcome.");
        _meter.CreateObservableUpDownCounter(
            "concurrency.scatter_gather.cell.still_running", ObserveStillRunning, "{call}", "Calls left running after their timeout that have not ended: each holds a worker.");
        _meter.CreateObservableUpDownCounter(
            "concurrency.scatter_gather.cell.left_running", ObserveLeftRunning, "{call}", "Scatter-gather calls left running after their timeout, by pool and cell: each holds a worker.");
    }

    /// <summary>The process-wide instance scatter-gather uses unless its options name another.</summary>
    public static ScatterGatherMetrics Shared => s_shared.Value;

    internal Counter<long> Calls { get; }

    internal Counter<long> Cells { get; }

    internal Histogram<double> CellDuration { get; }

    internal Meter Meter => _meter;

    /// <summary>Disposes the meter when this instance created it; a factory's meters are disposed with the factory.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>Shows this executor's bulkhead in <c>left_running</c>.</summary>
    internal void Track(IExecutor executor, CellBulkhead bulkhead)
    {
        // Every gather calls this; the lock-free read spares the table's lock when nothing changed.
        if (!_bulkheads.TryGetValue(executor, out var tracked) || !ReferenceEquals(tracked, bulkhead))
        {
            _bulkheads.AddOrUpdate(executor, bulkhead);
        }
    }

    internal void LeftRunning(string executor, int delta) =>
        Interlocked.Add(ref _stillRunning.GetOrAdd(executor, static _ => new StrongBox<long>()).Value, delta);

    private IEnumerable<Measurement<long>> ObserveStillRunning() =>
        _stillRunning.Select(pair => new Measurement<long>(Interlocked.Read(ref pair.Value.Value), new KeyValuePair<string, object?>("executor.name", pair.Key)));

    private IEnumerable<Measurement<long>> ObserveLeftRunning() =>
        from pair in _bulkheads
        from cell in pair.Value.GetCellStates()
        select new Measurement<long>(
            cell.LeftRunning,
            new("executor.name", pair.Key.Name),
            new("executor.backend", pair.Key.Backend),
            new("cell.id", cell.CellId));
}
