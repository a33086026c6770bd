using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>Figure 2: submit one no-op and await it, one at a time; p50 and p99, in alternated rounds against Task.Run.</summary>
internal static class RoundTrip
{
    public static async Task RunAsync(QuickReport report, int samples, int rounds)
    {
        await using var threaded = ThreadPoolExecutor.Create("bench.roundtrip", Workloads.Workers);
        await using var dedicated = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "bench.roundtrip.dedicated", MaxWorkers = Workloads.Workers, Threads = ExecutorThreads.Dedicated });
        var measured = new Rounds();
        for (int round = 0; round < rounds; round++)
        {
            // The executors first: the .NET pool's spinning threads would keep the other core awake and flatter them.
            long allocated = GC.GetTotalAllocatedBytes();
            var executor = await SampleAsync(() => threaded.Submit(static _ => { }), samples);
            measured.Add("round_trip.threaded.allocated", (double)(GC.GetTotalAllocatedBytes() - allocated) / (samples * 2));
            var ownThreads = await SampleAsync(() => dedicated.Submit(static _ => { }), samples);
            allocated = GC.GetTotalAllocatedBytes();
            var taskRun = await SampleAsync(static () => Task.Run(static () => { }), samples);
            measured.Add("round_trip.task_run.allocated", (double)(GC.GetTotalAllocatedBytes() - allocated) / (samples * 2));
            measured.Add("round_trip.threaded.p50", executor.Microseconds(50));
            measured.Add("round_trip.threaded.p99", executor.Microseconds(99));
            measured.Add("round_trip.threaded_dedicated.p50", ownThreads.Microseconds(50));
            measured.Add("round_trip.task_run.p50", taskRun.Microseconds(50));
        }

        report.Figure("round_trip.task_run.p50", measured.Of("round_trip.task_run.p50"), "us");
        report.Figure("round_trip.threaded.p50", measured.Of("round_trip.threaded.p50"), "us");
        report.Figure("round_trip.threaded.p99", measured.Of("round_trip.threaded.p99"), "us");
        report.Figure("round_trip.threaded_dedicated.p50", measured.Of("round_trip.threaded_dedicated.p50"), "us");

        // Bytes per round trip, all threads: a submission that starts at once is its own Task.
        report.Figure("round_trip.task_run.allocated", measured.Of("round_trip.task_run.allocated"), "bytes");
        report.Figure("round_trip.threaded.allocated", measured.Of("round_trip.threaded.allocated"), "bytes");
        var p50 = Rounds.Spread(measured.Of("round_trip.threaded.p50")).Median;
        report.RatioAtMost("round_trip.threaded.p50.vs_target_5us", p50 / 5, atMost: 1);
        report.Ratio("round_trip.threaded.p50.vs_futurist_39us", p50 / 39);
        report.RatioAtMost("round_trip.threaded.p50.vs_task_run", measured.Ratio("round_trip.threaded.p50", "round_trip.task_run.p50"), atMost: 2);
    }

    private static async Task<Percentiles> SampleAsync(Func<Task> submit, int samples)
    {
        var percentiles = new Percentiles(samples);
        for (int i = 0; i < samples * 2; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await submit();
            if (i >= samples)
            {
                percentiles.Add(Stopwatch.GetTimestamp() - start);
            }
        }

        return percentiles;
    }
}
