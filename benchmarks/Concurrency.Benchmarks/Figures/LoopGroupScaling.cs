using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>
/// Issue 18's figures: throughput of CPU-light requests (about 200 us of work, then 4 asynchronous 20 ms cells) on a
/// group of N loops against one loop, N = 1 to the core count; the cost of a keyed submission against a plain one;
/// and each key's order under shuffle mode.
/// </summary>
internal static class LoopGroupScaling
{
    private static readonly TimeSpan s_work = TimeSpan.FromMicroseconds(200);
    private static readonly TimeSpan s_cell = TimeSpan.FromMilliseconds(20);

    /// <returns>Requests/s by loop count, with one loop's times the count as the ideal, for the chart.</returns>
    public static async Task<IReadOnlyList<ScalingPoint>> RunAsync(QuickReport report, TimeSpan duration, int submissions)
    {
        double single = 0;
        var points = new List<ScalingPoint>();
        for (int loops = 1; loops <= Math.Max(2, Environment.ProcessorCount); loops++)
        {
            double perSecond = await RequestsPerSecondAsync(loops, duration);
            report.Figure($"loop_group.requests.{loops}_loops", perSecond, "requests/s");
            points.Add(new ScalingPoint(loops, perSecond, (loops == 1 ? perSecond : single) * loops));
            if (loops == 1)
            {
                single = perSecond;
            }
            else
            {
                report.FigureAtLeast($"loop_group.requests.{loops}_loops.vs_one_loop", perSecond / single, "x", atLeast: 0.85 * loops);
            }
        }

        await KeyedCostAsync(report, submissions);
        return points;
    }

    /// <summary>Requests keyed by a request id, 64 per loop in flight, each spinning 200 us and then awaiting 4 cells of 20 ms.</summary>
    private static async Task<double> RequestsPerSecondAsync(int loops, TimeSpan duration)
    {
        await using var group = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { LoopCount = loops, Loop = new() { Name = $"bench.group{loops}", SlowSliceThreshold = Timeout.InfiniteTimeSpan } });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = $"bench.group{loops}", LoopGroup = group, MaxWorkers = 10_000 });
        long completed = 0;
        var stop = Stopwatch.StartNew();
        async Task ClientAsync(int client)
        {
            for (int request = 0; stop.Elapsed < duration; request++)
            {
                await executor.Submit(static async (_, _) =>
                {
                    var spin = Stopwatch.StartNew();
                    while (spin.Elapsed < s_work)
                    {
                        Thread.SpinWait(20);
                    }

                    await Task.WhenAll(Task.Delay(s_cell), Task.Delay(s_cell), Task.Delay(s_cell), Task.Delay(s_cell));
                    return 0;
                }, 0, new SubmitOptions { Key = $"client-{client}-request-{request}" });
                Interlocked.Increment(ref completed);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64 * loops).Select(ClientAsync));
        return completed / stop.Elapsed.TotalSeconds;
    }

    /// <summary>No-op submissions: keyed on a group of one loop against plain on one loop, in the same run.</summary>
    private static async Task KeyedCostAsync(QuickReport report, int submissions)
    {
        var tasks = new Task[submissions];
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.plain" });
        await using var plain = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop, MaxWorkers = 1000 });
        await using var group = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { LoopCount = 1, Loop = new() { Name = "bench.keyed" } });
        await using var keyed = CooperativeExecutor.Create(new CooperativeExecutorOptions { LoopGroup = group, MaxWorkers = 1000 });
        var keyedOptions = new SubmitOptions { Key = "the-key" };

        // Alternated, best of four each: the two are measured under the same conditions, not one after the other.
        Func<Task> plainRun = () => Workloads.SubmitAndAwaitAsync(() => plain.Submit(static (_, _) => 0, 0), tasks);
        Func<Task> keyedRun = () => Workloads.SubmitAndAwaitAsync(() => keyed.Submit(static (_, _) => 0, 0, keyedOptions), tasks);
        await plainRun();
        await keyedRun();
        double plainCost = double.MaxValue, keyedCost = double.MaxValue;
        for (int round = 0; round < 4; round++)
        {
            plainCost = Math.Min(plainCost, await TimeAsync(plainRun, submissions));
            keyedCost = Math.Min(keyedCost, await TimeAsync(keyedRun, submissions));
        }

        report.Figure("loop_group.submit.plain", plainCost, "ns");
        report.Figure("loop_group.submit.keyed", keyedCost, "ns");
        report.RatioAtMost("loop_group.submit.keyed.vs_plain", keyedCost / plainCost, atMost: 1.2);
    }

    private static async Task<double> TimeAsync(Func<Task> run, int count)
    {
        long start = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / count;
    }
}
