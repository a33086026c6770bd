using BenchmarkDotNet.Attributes;
using Concurrency.Benchmarks.Figures;

namespace Concurrency.Benchmarks.Suite;

/// <summary>Figure 5: five rounds of blocking 10 ms items per worker; the ideal time is 50 ms at every size.</summary>
[BenchmarkCategory("5 scaling")]
public class ScalingBenchmarks
{
    private IExecutor _executor = null!;

    [Params(1, 2, 4, 8, 16, 32, 64)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup() => _executor = ThreadPoolExecutor.Create($"suite.scaling.{Workers}", Workers);

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _executor.DisposeAsync();

    [Benchmark]
    public Task FiveRoundsOfBlockingItems() => Workloads.BlockingItemsAsync(_executor, Workers * 5, Scaling.ItemTime);
}
