using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>Figure 7: shutting down an idle pool of 40 workers, and a pool with queued work (canceled, or drained).</summary>
internal static class Shutdown
{
    public static async Task RunAsync(QuickReport report, int queued)
    {
        double idle = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var pool = await IdlePoolAsync(40);
            long start = Stopwatch.GetTimestamp();
            await pool.ShutdownAsync(wait: true);
            idle = Math.Min(idle, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        report.Figure("shutdown.idle_40_workers", idle, "ms");
        report.Ratio("shutdown.idle_40_workers.vs_target_10ms", idle / 10);
        report.Ratio("shutdown.idle_40_workers.vs_futurist_1s", idle / 1000);

        foreach (bool cancelPending in new[] { true, false })
        {
            var (pool, gate) = await BlockedPoolAsync(queued);
            long start = Stopwatch.GetTimestamp();
            var stopped = pool.ShutdownAsync(wait: true, cancelPending);
            gate.Set();
            await stopped;
            string name = cancelPending ? "shutdown.queued_work_canceled" : "shutdown.queued_work_drained";
            report.Figure(name, Stopwatch.GetElapsedTime(start).TotalMilliseconds, "ms");
        }
    }

    private static async Task<IExecutor> IdlePoolAsync(int workers)
    {
        var pool = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "bench.shutdown.idle", MaxWorkers = workers, MinWorkers = workers });
        using var started = new CountdownEvent(workers);
        using var release = new ManualResetEventSlim();
        var holders = Enumerable.Range(0, workers).Select(_ => pool.Submit(_ => { started.Signal(); release.Wait(); })).ToArray();
        started.Wait();
        release.Set();
        await Task.WhenAll(holders);
        return pool;
    }

    // Eight workers held by a gate with the queue full of no-ops behind them.
    private static async Task<(IExecutor Pool, ManualResetEventSlim Gate)> BlockedPoolAsync(int queued)
    {
        var pool = ThreadPoolExecutor.Create("bench.shutdown.queued", Workloads.Workers);
        var gate = new ManualResetEventSlim();
        using var started = new CountdownEvent(Workloads.Workers);
        for (int i = 0; i < Workloads.Workers; i++)
        {
            _ = pool.Submit(_ => { started.Signal(); gate.Wait(); });
        }

        started.Wait();
        for (int i = 0; i < queued; i++)
        {
            _ = pool.Submit(static _ => { });
        }

        await Task.Yield();
        return (pool, gate);
    }
}
