using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>Figure 2: submit one no-op and await it, one at a time; p50 and p99.</summary>
internal static class RoundTrip
{
    public static async Task RunAsync(QuickReport report, int samples)
    {
        // The executor first: the .NET pool's spinning threads would keep the other core awake and flatter it.
        await using var threaded = ThreadPoolExecutor.Create("bench.roundtrip", Workloads.Workers);
        var measured = await SampleAsync(() => threaded.Submit(static _ => { }), samples);
        var taskRun = await SampleAsync(static () => Task.Run(static () => { }), samples);
        report.Figure("round_trip.task_run.p50", taskRun.Microseconds(50), "us");
        report.Figure("round_trip.threaded.p50", measured.Microseconds(50), "us");
        report.Figure("round_trip.threaded.p99", measured.Microseconds(99), "us");
        report.RatioAtMost("round_trip.threaded.p50.vs_target_5us", measured.Microseconds(50) / 5, atMost: 1);
        report.Ratio("round_trip.threaded.p50.vs_futurist_39us", measured.Microseconds(50) / 39);
        report.RatioAtMost("round_trip.threaded.p50.vs_task_run", measured.Microseconds(50) / taskRun.Microseconds(50), atMost: 3);
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
