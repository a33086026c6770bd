using BenchmarkDotNet.Attributes;

namespace Concurrency.Benchmarks.Suite;

/// <summary>
/// Figures 2 and 3: one no-op submitted and awaited at a time, and one offloaded call from the loop and back.
/// BenchmarkDotNet reports per-operation means and their spread; the quick mode samples single operations for p99.
/// </summary>
[BenchmarkCategory("2 round-trip")]
public class RoundTripBenchmarks
{
    private const int Calls = 1_000;
    private SuiteExecutors _executors = null!;

    [GlobalSetup]
    public void Setup() => _executors = SuiteExecutors.Create("suite.round-trip", Workloads.Workers);

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _executors.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task TaskRunRoundTrip() => Task.Run(static () => { });

    [Benchmark]
    public Task ThreadPoolExecutorRoundTrip() => _executors.Threaded.Submit(static _ => { });

    [Benchmark(OperationsPerInvoke = Calls)]
    public Task OffloadRoundTripFromTheLoop() => _executors.Cooperative.Submit(static async ct =>
    {
        for (int i = 0; i < Calls; i++)
        {
            await Offload.RunAsync(static _ => 0, ct);
        }
    });
}
