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
            var pool = Workloads.IdlePool("bench.shutdown.idle", 40);
            long start = Stopwatch.GetTimestamp();
            await pool.ShutdownAsync();
            idle = Math.Min(idle, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        report.Figure("shutdown.idle_40_workers", idle, "ms");
        report.RatioAtMost("shutdown.idle_40_workers.vs_target_10ms", idle / 10, atMost: 1);
        report.Ratio("shutdown.idle_40_workers.vs_futurist_1s", idle / 1000);

        foreach (bool cancelPending in new[] { true, false })
        {
            using var gate = new ManualResetEventSlim();
            var pool = Workloads.BlockedPool("bench.shutdown.queued", queued, gate);
            long start = Stopwatch.GetTimestamp();
            var stopped = pool.ShutdownAsync(cancelPending ? ShutdownMode.CancelQueued : ShutdownMode.Drain);
            gate.Set();
            await stopped;
            string name = cancelPending ? "shutdown.queued_work_canceled" : "shutdown.queued_work_drained";
            report.Figure(name, Stopwatch.GetElapsedTime(start).TotalMilliseconds, "ms");
        }
    }
}
