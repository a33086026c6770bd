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
    /// <summary>Runs every figure, or only the one named (as its lines begin: <c>per_task</c>, <c>round_trip</c>, ...), for profiling.</summary>
    /// <param name="output">Where the lines go.</param>
    /// <param name="chartPath">Where the scaling chart goes, or null.</param>
    /// <param name="only">One figure's name, or null for all.</param>
    /// <param name="rounds">How many times the whole mode runs, every figure in turn each time, so the closing table shows each figure's spread.</param>
    public static async Task RunAsync(TextWriter output, string? chartPath, string? only = null, int rounds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var report = new QuickReport(output);
        var total = Stopwatch.StartNew();
        IReadOnlyList<ScalingPoint>? scaling = null;
        IReadOnlyList<ScalingPoint>? loopGroup = null;
        (string Name, Func<Task> Run)[] figures =
        [
            ("per_task", () => PerTaskCost.RunAsync(report, tasks: 200_000, rounds: 5)),
            ("round_trip", () => RoundTrip.RunAsync(report, samples: 10_000, rounds: 5)),
            ("offload_hand_off", () => OffloadHandOff.RunAsync(report, samples: 20_000)),
            ("yield", () => YieldAsync(report, yields: 200_000)),
            ("scatter_gather", () => ScatterGatherOverhead.RunAsync(report, repeats: 9)),
            ("scaling", async () => scaling = await Scaling.RunAsync(report, rounds: 5)),
            ("memory", () => Memory.RunAsync(report)),
            ("shutdown", () => Shutdown.RunAsync(report, queued: 100_000)),
            ("statistics", () => StatisticsCost.RunAsync(report, iterations: 5_000_000)),
            ("loop_group", async () => loopGroup = await LoopGroupScaling.RunAsync(report, duration: TimeSpan.FromSeconds(3), submissions: 200_000)),
        ];
        if (only is not null && !figures.Any(figure => figure.Name == only))
        {
            throw new ArgumentException($"Figure '{only}' is not known: use one of {string.Join(", ", figures.Select(figure => figure.Name))}.", nameof(only));
        }

        for (int round = 1; round <= rounds; round++)
        {
            output.WriteLine($"# round {round} of {rounds}");
            foreach (var (name, run) in figures.Where(figure => only is null || figure.Name == only))
            {
                await run();
            }
        }

        report.Figure("quick.total", total.Elapsed.TotalSeconds, "s");
        report.Summary();
        if (chartPath is not null && scaling is not null)
        {
            File.WriteAllText(chartPath, ScalingChart.Svg(scaling, $"Threaded scaling, blocking 10 ms items ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})"));
        }

        // The loop group's chart goes next to the threaded one: loop-group.svg in the same folder.
        if (chartPath is not null && loopGroup is not null)
        {
            File.WriteAllText(
                Path.Combine(Path.GetDirectoryName(Path.GetFullPath(chartPath))!, "loop-group.svg"),
                ScalingChart.Svg(
                    loopGroup,
                    $"Cooperative loop group, CPU-light requests ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})",
                    xLabel: "loops",
                    yLabel: "requests per second",
                    idealLabel: "ideal (one loop's rate x loops)"));
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
