using System.Diagnostics;

namespace Concurrency.Benchmarks.Figures;

/// <summary>Figure 3: from "native call finished" (its last timestamp) to "caller resumed on the loop"; p50 and p99.</summary>
internal static class OffloadHandOff
{
    public static async Task RunAsync(QuickReport report, int samples)
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "bench.offload" });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        var handOff = await executor.Submit(async ct =>
        {
            var percentiles = new Percentiles(samples);
            for (int i = 0; i < samples * 2; i++)
            {
                long finished = await Offload.RunAsync(static _ => Stopwatch.GetTimestamp(), ct);
                if (i >= samples)
                {
                    percentiles.Add(Stopwatch.GetTimestamp() - finished);
                }
            }

            return percentiles;
        });

        report.Figure("offload_hand_off.p50", handOff.Microseconds(50), "us");
        report.Figure("offload_hand_off.p99", handOff.Microseconds(99), "us");
        report.RatioAtMost("offload_hand_off.p50.vs_target_5us", handOff.Microseconds(50) / 5, atMost: 1);
        report.RatioAtMost("offload_hand_off.p99.vs_target_50us", handOff.Microseconds(99) / 50, atMost: 1);
        report.Ratio("offload_hand_off.p50.vs_eventlet_tpool_72us", handOff.Microseconds(50) / 72);
    }
}
