using System.Globalization;

namespace Concurrency.Benchmarks.Figures;

/// <summary>Figure 6: resident memory a pool of 40 idle workers adds, and managed memory per in-flight cooperative task.</summary>
internal static class Memory
{
    public static async Task RunAsync(QuickReport report)
    {
        const int Workers = 40;
        Settle();
        long before = ResidentBytes();
        await using (var pool = Workloads.IdlePool("bench.idle", Workers))
        {
            Settle();
            long after = ResidentBytes();
            report.Figure("memory.idle_workers_40", (after - before) / 1024.0 / 1024.0, "MB");
            report.RatioAtMost("memory.idle_workers_40.vs_target_2MB", (after - before) / 1024.0 / 1024.0 / 2, atMost: 1);
            report.Figure("memory.per_idle_worker", (after - before) / 1024.0 / Workers, "KB");
        }

        const int InFlight = 20_000;
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.memory" });
        await using var cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop, MaxWorkers = InFlight + 1 });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var tasks = new Task[InFlight];
        for (int i = 0; i < InFlight; i++)
        {
            tasks[i] = cooperative.Submit(async _ => await gate.Task);
        }

        await cooperative.Submit(static _ => { }); // every in-flight task has reached its await
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        report.Figure("memory.per_in_flight_cooperative_task", (managedAfter - managedBefore) / (double)InFlight, "bytes");
        gate.SetResult();
        await Task.WhenAll(tasks);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    // VmRSS from /proc: the memory the process really holds (thread stacks count only for the pages they touched).
    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
