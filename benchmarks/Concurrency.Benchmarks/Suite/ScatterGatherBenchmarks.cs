using BenchmarkDotNet.Attributes;
using Concurrency.Benchmarks.Figures;
using Concurrency.Cells;

namespace Concurrency.Benchmarks.Suite;

/// <summary>Figure 4: one gather over 100 cells of 10 ms; subtract 10 ms for the overhead over the slowest cell.</summary>
[BenchmarkCategory("4 scatter-gather")]
public class ScatterGatherBenchmarks
{
    private readonly Cell[] _cells = Workloads.Cells(ScatterGatherOverhead.CellCount);
    private SuiteExecutors _executors = null!;

    private IExecutor Threaded => _executors.Threaded;

    private IExecutor Cooperative => _executors.Cooperative;

    [GlobalSetup]
    public void Setup() => _executors = SuiteExecutors.Create(
        "suite.cells",
        ScatterGatherOverhead.CellCount,
        new CooperativeLoopOptions { OffloadWorkers = ScatterGatherOverhead.CellCount, SlowSliceThreshold = Timeout.InfiniteTimeSpan });

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _executors.DisposeAsync();

    [Benchmark]
    public Task AsyncWaitsThreaded() => Workloads.GatherAsyncWaitsAsync(Threaded, _cells, ScatterGatherOverhead.CellTime);

    [Benchmark]
    public Task AsyncWaitsCooperative() => Workloads.GatherAsyncWaitsAsync(Cooperative, _cells, ScatterGatherOverhead.CellTime);

    [Benchmark]
    public Task BlockingWaitsThreaded() => Workloads.GatherBlockingWaitsAsync(Threaded, _cells, ScatterGatherOverhead.CellTime, offload: false);

    [Benchmark]
    public Task BlockingWaitsCooperativeOffload() => Workloads.GatherBlockingWaitsAsync(Cooperative, _cells, ScatterGatherOverhead.CellTime, offload: true);

    [Benchmark]
    public Task BlockingWaitsCooperative() => Workloads.GatherBlockingWaitsAsync(Cooperative, _cells, ScatterGatherOverhead.CellTime, offload: false);
}
