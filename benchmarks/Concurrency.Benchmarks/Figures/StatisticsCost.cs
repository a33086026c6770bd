using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>
/// Figure 8: the statistics path as a work item takes it, in two parts: the counters and histograms (no metrics
/// listener attached, as in a process nobody is watching), and the two clock reads (submission, finish) that time queue wait and runtime.
/// </summary>
internal static class StatisticsCost
{
    public static async Task RunAsync(QuickReport report, int iterations)
    {
        await using var executor = ThreadPoolExecutor.Create("bench.statistics", maxWorkers: 1);
        var core = (PooledExecutor)executor;
        var (counters, monitor, time) = (core.Counters, core.Monitor, core.Counters.Time);

        var counting = PerIteration(iterations, () =>
        {
            counters.RecordStarted(3);
            monitor.RecordQueueWait(3);
            counters.RecordFinished(Core.WorkOutcome.Completed, 5);
            monitor.RecordRuntime(5);
        });
        var clock = PerIteration(iterations, () => time.GetTimestamp());
        var baseline = PerIteration(iterations, static () => { });
        double counterCost = counting.Nanoseconds - baseline.Nanoseconds;
        double timingCost = 2 * (clock.Nanoseconds - baseline.Nanoseconds);
        report.Figure("statistics.counters.per_task", counterCost, "ns");
        report.RatioAtMost("statistics.counters.per_task.vs_target_20ns", counterCost / 20, atMost: 1);
        report.Figure("statistics.counters.allocated_per_task", counting.Bytes, "bytes");
        report.Figure("statistics.clock_read", clock.Nanoseconds - baseline.Nanoseconds, "ns");
        report.Figure("statistics.timing.per_task", timingCost, "ns");
        report.Figure("statistics.total.per_task", counterCost + timingCost, "ns");

        // The engine's thread hygiene after every item (ThreadBaseline.Restore when the work changed nothing: the name,
        // priority and background reads), through a delegate bound to this thread's baseline, less an empty bound call.
        // The type is reached by reflection: the cooperative backend compiles its own copy, so its name is ambiguous here.
        var baselineType = typeof(PooledExecutor).Assembly.GetType("Concurrency.Core.ThreadBaseline", throwOnError: true)!;
        object threadBaseline = baselineType.GetProperty("Current")!.GetValue(null)!;
        var restore = (Action)Delegate.CreateDelegate(typeof(Action), threadBaseline, baselineType.GetMethod("Restore")!);
        var empty = (Action)Delegate.CreateDelegate(typeof(Action), new Holder(), typeof(Holder).GetMethod(nameof(Holder.Nothing))!);
        double hygiene = PerIteration(iterations, restore).Nanoseconds - PerIteration(iterations, empty).Nanoseconds;
        report.Figure("hygiene.per_task", hygiene, "ns");
        report.RatioAtMost("hygiene.per_task.vs_target_10ns", hygiene / 10, atMost: 1);
    }

    private sealed class Holder
    {
        public void Nothing()
        {
        }
    }

    private static (double Nanoseconds, double Bytes) PerIteration(int iterations, Action body)
    {
        for (int i = 0; i < iterations / 10; i++)
        {
            body();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++)
        {
            body();
        }

        double nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
        return (nanoseconds, (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations);
    }
}
