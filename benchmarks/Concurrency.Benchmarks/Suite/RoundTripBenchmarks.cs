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
    private IExecutor _threaded = null!;
    private CooperativeLoop _loop = null!;
    private IExecutor _cooperative = null!;

    [GlobalSetup]
    public void Setup()
    {
        _threaded = ThreadPoolExecutor.Create("suite.roundtrip", Workloads.Workers);
        _loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "suite.offload" });
        _cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = _loop });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _threaded.DisposeAsync();
        await _cooperative.DisposeAsync();
        await _loop.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task TaskRunRoundTrip() => Task.Run(static () => { });

    [Benchmark]
    public Task ThreadPoolExecutorRoundTrip() => _threaded.Submit(static _ => { });

    [Benchmark(OperationsPerInvoke = Calls)]
    public Task OffloadRoundTripFromTheLoop() => _cooperative.SubmitAsync(static async ct =>
    {
        for (int i = 0; i < Calls; i++)
        {
            await Offload.RunAsync(static _ => 0, ct);
        }
    });
}
