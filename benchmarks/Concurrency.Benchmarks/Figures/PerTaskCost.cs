using System.Diagnostics;
using Nito.AsyncEx;

namespace Concurrency.Benchmarks.Figures;

/// <summary>
/// Figure 1: submit and await many no-op tasks; ns per task against .NET's baselines, Nito.AsyncEx's single-threaded
/// context and futurist, every variant once per round, rounds alternated, ratios taken within a round.
/// </summary>
internal static class PerTaskCost
{
    public static async Task RunAsync(QuickReport report, int tasks, int rounds)
    {
        var buffer = new Task[tasks];
        var measured = new Rounds();
        using var throttle = new SemaphoreSlim(Workloads.Workers);
        await using var threaded = ThreadPoolExecutor.Create("bench.threaded", Workloads.Workers);
        await using var dedicated = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "bench.dedicated", MaxWorkers = Workloads.Workers, Threads = ExecutorThreads.Dedicated });
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.loop" });
        await using var cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        using var asyncContext = new AsyncContextThread();
        (string Name, Func<Task> Run)[] variants =
        [
            ("per_task.task_run", () => Workloads.TaskRunAsync(buffer)),
            ("per_task.semaphore_task_run", () => Workloads.SemaphoreTaskRunAsync(throttle, buffer)),
            ("per_task.action_block", () => Workloads.ActionBlockAsync(tasks)),
            ("per_task.threaded", () => Workloads.ExecutorAsync(threaded, buffer)),
            ("per_task.threaded_dedicated", () => Workloads.ExecutorAsync(dedicated, buffer)),
            ("per_task.minimal_pump", () => Workloads.MinimalPumpAsync(loop, buffer)),
            ("per_task.async_context", () => Workloads.AsyncContextAsync(asyncContext, buffer)),
            ("per_task.cooperative", () => Workloads.ExecutorAsync(cooperative, buffer)),
        ];

        // A warm-up pass of each, then the rounds.
        foreach (var (_, run) in variants)
        {
            await run();
        }

        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in variants)
            {
                long allocated = GC.GetTotalAllocatedBytes();
                measured.Add(name, await TimeAsync(run, tasks));
                measured.Add($"{name}.allocated", (double)(GC.GetTotalAllocatedBytes() - allocated) / tasks);
            }
        }

        foreach (var (name, _) in variants)
        {
            report.Figure(name, measured.Of(name), "ns");
        }

        // Bytes per task, all threads (a flood queues: a queued submission is two objects, one that starts at once one).
        report.Figure("per_task.task_run.allocated", measured.Of("per_task.task_run.allocated"), "bytes");
        report.Figure("per_task.threaded.allocated", measured.Of("per_task.threaded.allocated"), "bytes");
        report.Figure("per_task.cooperative.allocated", measured.Of("per_task.cooperative.allocated"), "bytes");

        report.RatioAtMost("per_task.threaded.vs_task_run", measured.Ratio("per_task.threaded", "per_task.task_run"), atMost: 1.5);
        report.RatioAtMost("per_task.threaded.vs_semaphore_task_run", measured.Ratio("per_task.threaded", "per_task.semaphore_task_run"), atMost: 1.0);
        report.Figure("per_task.threaded_dedicated.vs_task_run.ratio", measured.Ratio("per_task.threaded_dedicated", "per_task.task_run"), "x");
        report.RatioAtMost("per_task.cooperative.vs_minimal_pump", measured.Ratio("per_task.cooperative", "per_task.minimal_pump"), atMost: 1.2);
        report.RatioAtMost("per_task.cooperative.vs_async_context", measured.Ratio("per_task.cooperative", "per_task.async_context"), atMost: 1.0);
        report.Ratio("throughput.threaded.vs_futurist_threads", 1e9 / Rounds.Spread(measured.Of("per_task.threaded")).Median / 39_000);
        report.Ratio("throughput.cooperative.vs_futurist_green", 1e9 / Rounds.Spread(measured.Of("per_task.cooperative")).Median / 31_000);
    }

    private static async Task<double> TimeAsync(Func<Task> run, int tasks)
    {
        long start = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / tasks;
    }
}
