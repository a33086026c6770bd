using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>Figure 5: blocking 10 ms items at 1 to 64 workers; throughput as efficiency against the ideal line.</summary>
internal static class Scaling
{
    public static readonly int[] WorkerCounts = [1, 2, 4, 8, 16, 32, 64];
    public static readonly TimeSpan ItemTime = TimeSpan.FromMilliseconds(10);

    public static async Task<IReadOnlyList<ScalingPoint>> RunAsync(QuickReport report, int rounds)
    {
        var points = new List<ScalingPoint>();
        foreach (int workers in WorkerCounts)
        {
            await using var executor = ThreadPoolExecutor.Create($"bench.scaling.{workers}", workers);
            await Workloads.BlockingItemsAsync(executor, workers, ItemTime);
            long start = Stopwatch.GetTimestamp();
            await Workloads.BlockingItemsAsync(executor, workers * rounds, ItemTime);
            var elapsed = Stopwatch.GetElapsedTime(start);
            double throughput = workers * rounds / elapsed.TotalSeconds;
            double ideal = workers / ItemTime.TotalSeconds;
            points.Add(new ScalingPoint(workers, throughput, ideal));
            report.Figure($"scaling.threaded.{workers}_workers", throughput, "items/s");
            if (workers <= 32)
            {
                report.FigureAtLeast($"scaling.threaded.{workers}_workers.efficiency", 100 * throughput / ideal, "%", atLeast: 90);
            }
            else
            {
                report.Figure($"scaling.threaded.{workers}_workers.efficiency", 100 * throughput / ideal, "%");
            }

        }

        return points;
    }
}

internal sealed record ScalingPoint(int Workers, double Throughput, double Ideal)
{
    public double Efficiency => Throughput / Ideal;
}
