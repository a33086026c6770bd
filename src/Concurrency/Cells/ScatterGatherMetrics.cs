using System.Diagnostics.Metrics;

namespace Concurrency.Cells;

/// <summary>
/// The scatter-gather instruments, on a meter of the library's name (<see cref="ExecutorMetrics.MeterName"/>) so one
/// <c>AddMeter</c> collects them with the executors'. Made when the first executor's bulkhead is.
/// </summary>
internal static class ScatterGatherMetrics
{
    private static readonly Meter s_meter = CreateMeter();

    /// <summary>Makes the instruments, once.</summary>
    public static void EnsureCreated() => _ = s_meter;

    private static Meter CreateMeter()
    {
        var meter = new Meter(ExecutorMetrics.MeterName);
        meter.CreateObservableUpDownCounter(
            "concurrency.scatter_gather.cell.left_running", ObserveLeftRunning, "{call}", "Scatter-gather calls left running after their timeout, by pool and cell: each holds a worker.");
        return meter;
    }

    private static IEnumerable<Measurement<long>> ObserveLeftRunning() =>
        from pair in CellBulkhead.All
        from cell in pair.Value.GetCellStates()
        select new Measurement<long>(
            cell.LeftRunning,
            new("executor.name", pair.Key.Name),
            new("executor.backend", pair.Key.Backend),
            new("cell.id", cell.CellId));
}
