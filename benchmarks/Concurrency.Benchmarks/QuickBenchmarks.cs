using System.Diagnostics;

namespace Concurrency.Benchmarks;

/// <summary>
/// The quick side-by-side mode: few iterations, one line per figure as <c>name value unit</c>, and
/// <c>name.ratio value x</c> against the baseline measured in the same run or the futurist figure.
/// </summary>
internal static class QuickBenchmarks
{
    private const int Tasks = 200_000;
    private const int RoundTrips = 20_000;

    public static async Task RunAsync(TextWriter output)
    {
        await PerTaskCostAsync(output);
        await RoundTripAsync(output);
        await OffloadHandOffAsync(output);
        await YieldCostAsync(output);
        await StatisticsCostAsync(output);
    }

    private static async Task PerTaskCostAsync(TextWriter output)
    {
        double taskRun = await TimePerTaskAsync(() => Task.Run(static () => { }));
        Report(output, "per_task.task_run", taskRun, "ns");

        await using (var threaded = ThreadPoolExecutor.Create("bench.threaded", maxWorkers: 8))
        {
            double cost = await TimePerTaskAsync(() => threaded.Submit(static _ => { }));
            Report(output, "per_task.threaded", cost, "ns");
            Ratio(output, "per_task.threaded", cost / taskRun);
        }

        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.loop" });
        await using var cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        double pump = await TimePerTaskAsync(() => Task.Factory.StartNew(static () => { }, CancellationToken.None, TaskCreationOptions.None, loop.Scheduler));
        Report(output, "per_task.minimal_pump", pump, "ns");
        double coop = await TimePerTaskAsync(() => cooperative.Submit(static _ => { }));
        Report(output, "per_task.cooperative", coop, "ns");
        Ratio(output, "per_task.cooperative", coop / pump);
        Report(output, "throughput.cooperative", 1e9 / coop, "tasks/s");
        Ratio(output, "throughput.cooperative.vs_futurist_green", 1e9 / coop / 31_000);
    }

    private static async Task<double> TimePerTaskAsync(Func<Task> submit)
    {
        var tasks = new Task[Tasks];
        for (int warm = 0; warm < 2; warm++)
        {
            var stopwatch = Stopwatch.StartNew();
            for (int i = 0; i < tasks.Length; i++)
            {
                tasks[i] = submit();
            }

            await Task.WhenAll(tasks);
            if (warm == 1)
            {
                return stopwatch.Elapsed.TotalNanoseconds / Tasks;
            }
        }

        throw new UnreachableException();
    }

    private static async Task RoundTripAsync(TextWriter output)
    {
        await using var threaded = ThreadPoolExecutor.Create("bench.roundtrip", maxWorkers: 8);
        var samples = new Percentiles(RoundTrips);
        for (int i = 0; i < RoundTrips * 2; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await threaded.Submit(static _ => { });
            if (i >= RoundTrips)
            {
                samples.Add(Stopwatch.GetTimestamp() - start);
            }
        }

        Report(output, "round_trip.threaded.p50", samples.Microseconds(50), "us");
        Report(output, "round_trip.threaded.p99", samples.Microseconds(99), "us");
        Ratio(output, "round_trip.threaded.p50.vs_futurist", samples.Microseconds(50) / 39);
    }

    private static async Task OffloadHandOffAsync(TextWriter output)
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.offload" });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        var samples = await executor.SubmitAsync(async ct =>
        {
            var handOff = new Percentiles(RoundTrips);
            for (int i = 0; i < RoundTrips * 2; i++)
            {
                long finished = await Offload.RunAsync(static _ => Stopwatch.GetTimestamp(), ct);
                if (i >= RoundTrips)
                {
                    handOff.Add(Stopwatch.GetTimestamp() - finished);
                }
            }

            return handOff;
        });

        Report(output, "offload_hand_off.p50", samples.Microseconds(50), "us");
        Report(output, "offload_hand_off.p99", samples.Microseconds(99), "us");
        Ratio(output, "offload_hand_off.p50.vs_eventlet_tpool", samples.Microseconds(50) / 72);
    }

    private static async Task YieldCostAsync(TextWriter output)
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.yield" });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        double nanoseconds = await executor.SubmitAsync(async _ =>
        {
            for (int i = 0; i < RoundTrips; i++)
            {
                await CooperativeLoop.Yield();
            }

            var stopwatch = Stopwatch.StartNew();
            for (int i = 0; i < Tasks; i++)
            {
                await CooperativeLoop.Yield();
            }

            return stopwatch.Elapsed.TotalNanoseconds / Tasks;
        });
        Report(output, "yield.cooperative", nanoseconds, "ns");
    }

    // The statistics path as a work item takes it, in two parts: the counters and histograms (no metrics listener
    // attached, as in a process nobody is watching), and the three clock reads that time queue wait and runtime.
    private static async Task StatisticsCostAsync(TextWriter output)
    {
        await using var executor = ThreadPoolExecutor.Create("bench.statistics", maxWorkers: 1);
        var core = (Core.ExecutorCore)executor;
        var (counters, monitor, time) = (core.Counters, core.Monitor, core.Counters.Time);

        var counting = PerIteration(() =>
        {
            counters.RecordStarted(3);
            monitor.RecordQueueWait(3);
            counters.RecordFinished(Core.WorkOutcome.Completed, 5);
            monitor.RecordRuntime(5);
        });
        var clock = PerIteration(() => time.GetTimestamp());
        var baseline = PerIteration(static () => { });
        double counterCost = counting.Nanoseconds - baseline.Nanoseconds;
        double timingCost = 3 * (clock.Nanoseconds - baseline.Nanoseconds);
        Report(output, "statistics.counters.per_task", counterCost, "ns");
        Ratio(output, "statistics.counters.per_task.vs_target_20ns", counterCost / 20);
        Report(output, "statistics.counters.allocated_per_task", counting.Bytes, "bytes");
        Report(output, "statistics.timing.per_task", timingCost, "ns");
        Report(output, "statistics.total.per_task", counterCost + timingCost, "ns");
    }

    private static (double Nanoseconds, double Bytes) PerIteration(Action body)
    {
        const int Iterations = 5_000_000;
        for (int i = 0; i < Iterations / 10; i++)
        {
            body();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Iterations; i++)
        {
            body();
        }

        double nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Iterations;
        return (nanoseconds, (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / Iterations);
    }

    private static void Report(TextWriter output, string name, double value, string unit) =>
        output.WriteLine(FormattableString.Invariant($"{name} {value:0.###} {unit}"));

    private static void Ratio(TextWriter output, string name, double ratio) =>
        output.WriteLine(FormattableString.Invariant($"{name}.ratio {ratio:0.###} x"));
}
