using BenchmarkDotNet.Attributes;
using Concurrency.Benchmarks.Figures;

namespace Concurrency.Benchmarks.Suite;

/// <summary>Figure 4: one gather over 100 cells of 10 ms; subtract 10 ms for the overhead over the slowest cell.</summary>
[BenchmarkCategory("4 scatter-gather")]
public class ScatterGatherBenchmarks
{
    private readonly Cell[] _cells = Workloads.Cells(ScatterGatherOverhead.CellCount);
    private IExecutor _threaded = null!;
    private CooperativeLoop _loop = null!;
    private IExecutor _cooperative = null!;

    [GlobalSetup]
    public void Setup()
    {
        _threaded = ThreadPoolExecutor.Create("suite.cells.threaded", ScatterGatherOverhead.CellCount);
        _loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "suite.cells.loop", OffloadWorkers = ScatterGatherOverhead.CellCount, SlowSliceThreshold = Timeout.InfiniteTimeSpan });
        _cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = _loop });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _threaded.DisposeAsync();
        await _cooperative.DisposeAsync();
        await _loop.DisposeAsync();
    }

    [Benchmark]
    public Task AsyncWaitsThreaded() => Workloads.GatherAsyncWaitsAsync(_threaded, _cells, ScatterGatherOverhead.CellTime);

    [Benchmark]
    public Task AsyncWaitsCooperative() => Workloads.GatherAsyncWaitsAsync(_cooperative, _cells, ScatterGatherOverhead.CellTime);

    [Benchmark]
    public Task BlockingWaitsThreaded() => Workloads.GatherBlockingWaitsAsync(_threaded, _cells, ScatterGatherOverhead.CellTime, offload: false);

    [Benchmark]
    public Task BlockingWaitsCooperativeOffload() => Workloads.GatherBlockingWaitsAsync(_cooperative, _cells, ScatterGatherOverhead.CellTime, offload: true);

    [Benchmark]
    public Task BlockingWaitsCooperative() => Workloads.GatherBlockingWaitsAsync(_cooperative, _cells, ScatterGatherOverhead.CellTime, offload: false);
}
