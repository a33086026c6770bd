using System.Diagnostics;
using Concurrency.Cells;

namespace Concurrency.Benchmarks.Figures;

/// <summary>
/// Figure 4: one gather over 100 cells of 10 ms each. The overhead is the gather's time beyond its slowest cell, as
/// that cell measured its own wait (a 10 ms timer or sleep itself overshoots, and that is not the library's doing).
/// The slowest cell's overshoot over 10 ms is reported too.
/// </summary>
internal static class ScatterGatherOverhead
{
    public const int CellCount = 100;
    public static readonly TimeSpan CellTime = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(QuickReport report, int repeats)
    {
        var cells = Workloads.Cells(CellCount);
        await using (var threaded = ThreadPoolExecutor.Create("bench.cells.threaded", CellCount))
        {
            await ReportAsync(report, "scatter_gather.async_waits.threaded", repeats, () => Workloads.GatherAsyncWaitsAsync(threaded, cells, CellTime));
            await ReportAsync(report, "scatter_gather.blocking_waits.threaded", repeats, () => Workloads.GatherBlockingWaitsAsync(threaded, cells, CellTime, offload: false));
        }

        // The loop's offload pool is sized to the cells, as a service expecting 100 parallel blocking calls would.
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.cells.loop", OffloadWorkers = CellCount, SlowSliceThreshold = Timeout.InfiniteTimeSpan });
        await using var cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "bench.cells.cooperative", Loop = loop });
        await ReportAsync(report, "scatter_gather.async_waits.cooperative", repeats, () => Workloads.GatherAsyncWaitsAsync(cooperative, cells, CellTime));
        await ReportAsync(report, "scatter_gather.blocking_waits.cooperative_offload", repeats, () => Workloads.GatherBlockingWaitsAsync(cooperative, cells, CellTime, offload: true));
        // Without offload the cells run one after another: the seed's point, not a target.
        await ReportAsync(report, "scatter_gather.blocking_waits.cooperative", 1, () => Workloads.GatherBlockingWaitsAsync(cooperative, cells, CellTime, offload: false), hasTarget: false);
    }

    private static async Task ReportAsync(QuickReport report, string name, int repeats, Func<Task<CellResults<TimeSpan>>> gather, bool hasTarget = true)
    {
        await gather();
        var overheads = new List<(double Overhead, double SlowestCell)>();
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var results = await gather();
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (results.CountOf(CellOutcome.Responded) != CellCount)
            {
                throw new InvalidOperationException($"{name}: {results}");
            }

            var slowest = results.Values.Max();
            overheads.Add(((elapsed - slowest).TotalMilliseconds, slowest.TotalMilliseconds));
        }

        overheads.Sort();
        var (median, slowestCell) = overheads[overheads.Count / 2];
        report.Figure($"{name}.overhead", median, "ms");
        report.Figure($"{name}.slowest_cell", slowestCell, "ms");
        if (hasTarget)
        {
            report.RatioAtMost($"{name}.overhead.vs_target_1ms", median / 1, atMost: 1);
        }

        report.Ratio($"{name}.overhead.vs_futurist_23ms", median / 23);
    }
}
