using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>Figure 1: submit and await many no-op tasks; ns per task against .NET's baselines and futurist.</summary>
internal static class PerTaskCost
{
    public static async Task RunAsync(QuickReport report, int tasks)
    {
        var buffer = new Task[tasks];
        double taskRun = await TimeAsync(() => Workloads.TaskRunAsync(buffer), tasks);
        report.Figure("per_task.task_run", taskRun, "ns");
        report.Figure("per_task.action_block", await TimeAsync(() => Workloads.ActionBlockAsync(tasks), tasks), "ns");
        using (var throttle = new SemaphoreSlim(Workloads.Workers))
        {
            report.Figure("per_task.semaphore_task_run", await TimeAsync(() => Workloads.SemaphoreTaskRunAsync(throttle, buffer), tasks), "ns");
        }

        await using (var threaded = ThreadPoolExecutor.Create("bench.threaded", Workloads.Workers))
        {
            double cost = await TimeAsync(() => Workloads.ExecutorAsync(threaded, buffer), tasks);
            report.Figure("per_task.threaded", cost, "ns");
            report.RatioAtMost("per_task.threaded.vs_task_run", cost / taskRun, atMost: 1.5);
            report.Ratio("throughput.threaded.vs_futurist_threads", 1e9 / cost / 39_000);
        }

        await using (var pooled = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "bench.dotnet", MaxWorkers = Workloads.Workers, Threads = ExecutorThreads.DotNetPool }))
        {
            report.Figure("per_task.threaded_dotnet_pool", await TimeAsync(() => Workloads.ExecutorAsync(pooled, buffer), tasks), "ns");
        }

        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.loop" });
        await using var cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        double pump = await TimeAsync(() => Workloads.MinimalPumpAsync(loop, buffer), tasks);
        report.Figure("per_task.minimal_pump", pump, "ns");
        double coop = await TimeAsync(() => Workloads.ExecutorAsync(cooperative, buffer), tasks);
        report.Figure("per_task.cooperative", coop, "ns");
        report.RatioAtMost("per_task.cooperative.vs_minimal_pump", coop / pump, atMost: 1.5);
        report.Ratio("throughput.cooperative.vs_futurist_green", 1e9 / coop / 31_000);
    }

    // One warm-up pass, then the best of three: the quick mode wants the machine's cost, not its noise.
    private static async Task<double> TimeAsync(Func<Task> run, int tasks)
    {
        await run();
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / tasks);
        }

        return best;
    }
}
