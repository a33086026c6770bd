using System.Diagnostics;
using Concurrency.Benchmarks.Figures;

namespace Concurrency.Benchmarks;

/// <summary>
/// The quick side-by-side mode: every figure of the suite with fewer iterations, one line per figure as
/// <c>name value unit</c>, and <c>name.ratio value x</c> against the baseline measured in the same run, the target,
/// or the futurist figure. Finishes in well under a minute on two cores.
/// </summary>
internal static class QuickBenchmarks
{
    public static async Task RunAsync(TextWriter output, string? chartPath)
    {
        var report = new QuickReport(output);
        var total = Stopwatch.StartNew();
        await PerTaskCost.RunAsync(report, tasks: 200_000);
        await RoundTrip.RunAsync(report, samples: 20_000);
        await OffloadHandOff.RunAsync(report, samples: 20_000);
        await YieldAsync(report, yields: 200_000);
        await ScatterGatherOverhead.RunAsync(report, repeats: 9);
        var scaling = await Scaling.RunAsync(report, rounds: 5);
        await Memory.RunAsync(report);
        await Shutdown.RunAsync(report, queued: 100_000);
        await StatisticsCost.RunAsync(report, iterations: 5_000_000);
        report.Figure("quick.total", total.Elapsed.TotalSeconds, "s");
        report.Summary();
        if (chartPath is not null)
        {
            File.WriteAllText(chartPath, ScalingChart.Svg(scaling, $"Threaded scaling, blocking 10 ms items ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})"));
        }
    }

    private static async Task YieldAsync(QuickReport report, int yields)
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.yield" });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        double nanoseconds = await executor.Submit(async _ =>
        {
            for (int i = 0; i < yields / 10; i++)
            {
                await CooperativeLoop.Yield();
            }

            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < yields; i++)
            {
                await CooperativeLoop.Yield();
            }

            return Stopwatch.GetElapsedTime(start).TotalNanoseconds / yields;
        });
        report.Figure("yield.cooperative", nanoseconds, "ns");
    }
}
