using BenchmarkDotNet.Attributes;

namespace Concurrency.Benchmarks.Suite;

/// <summary>
/// Figures 6 and 8: managed memory per in-flight cooperative task (allocated per task while 10,000 wait), and the
/// statistics path per task (counters and histograms without a listener, and one clock read).
/// The resident memory of 40 idle workers is a process-level figure: the quick mode measures it from /proc.
/// </summary>
[BenchmarkCategory("6+8 costs")]
public class CostBenchmarks
{
    private const int InFlight = 10_000;
    private readonly Task[] _tasks = new Task[InFlight];
    private IExecutor _statistics = null!;
    private CooperativeLoop _loop = null!;
    private IExecutor _cooperative = null!;

    [GlobalSetup]
    public void Setup()
    {
        _statistics = ThreadPoolExecutor.Create("suite.statistics", 1);
        _loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "suite.memory" });
        _cooperative = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = _loop, MaxWorkers = InFlight });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _statistics.DisposeAsync();
        await _cooperative.DisposeAsync();
        await _loop.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = InFlight)]
    public async Task InFlightCooperativeTask()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int i = 0; i < InFlight; i++)
        {
            _tasks[i] = _cooperative.SubmitAsync(async _ => await gate.Task);
        }

        gate.SetResult();
        await Task.WhenAll(_tasks);
    }

    [Benchmark]
    public void StatisticsCountersPerTask()
    {
        var core = (Core.ExecutorCore)_statistics;
        core.Counters.RecordStarted(3);
        core.Monitor.RecordQueueWait(3);
        core.Counters.RecordFinished(Core.WorkOutcome.Completed, 5);
        core.Monitor.RecordRuntime(5);
    }

    [Benchmark]
    public long StatisticsClockRead() => ((Core.ExecutorCore)_statistics).Counters.Time.GetTimestamp();
}
