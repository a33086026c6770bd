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
    private SuiteExecutors _executors = null!;

    private PooledExecutor Statistics => (PooledExecutor)_executors.Threaded;

    [GlobalSetup]
    public void Setup() => _executors = SuiteExecutors.Create("suite.costs", threadedWorkers: 1, cooperativeWorkers: InFlight);

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _executors.DisposeAsync();

    [Benchmark(OperationsPerInvoke = InFlight)]
    public async Task InFlightCooperativeTask()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int i = 0; i < InFlight; i++)
        {
            _tasks[i] = _executors.Cooperative.Submit(async _ => await gate.Task);
        }

        gate.SetResult();
        await Task.WhenAll(_tasks);
    }

    [Benchmark]
    public void StatisticsCountersPerTask()
    {
        Statistics.Counters.RecordStarted(3);
        Statistics.Monitor.RecordQueueWait(3);
        Statistics.Counters.RecordFinished(Core.WorkOutcome.Completed, 5);
        Statistics.Monitor.RecordRuntime(5);
    }

    [Benchmark]
    public long StatisticsClockRead() => Statistics.Counters.Time.GetTimestamp();
}
