using BenchmarkDotNet.Attributes;

namespace Concurrency.Benchmarks.Suite;

/// <summary>Figure 1: submit and await 1,000,000 no-op tasks; the reported time is per task.</summary>
[BenchmarkCategory("1 per-task")]
public class PerTaskBenchmarks
{
    private const int Tasks = 1_000_000;
    private readonly Task[] _tasks = new Task[Tasks];
    private readonly SemaphoreSlim _throttle = new(Workloads.Workers);
    private SuiteExecutors _executors = null!;

    [GlobalSetup]
    public void Setup() => _executors = SuiteExecutors.Create("suite.per-task", Workloads.Workers);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _executors.DisposeAsync();
        _throttle.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks), BenchmarkCategory("threaded")]
    public Task TaskRun() => Workloads.TaskRunAsync(_tasks);

    [Benchmark(OperationsPerInvoke = Tasks), BenchmarkCategory("threaded")]
    public Task ActionBlock() => Workloads.ActionBlockAsync(Tasks);

    [Benchmark(OperationsPerInvoke = Tasks), BenchmarkCategory("threaded")]
    public Task SemaphoreThrottledTaskRun() => Workloads.SemaphoreTaskRunAsync(_throttle, _tasks);

    [Benchmark(OperationsPerInvoke = Tasks), BenchmarkCategory("threaded")]
    public Task ThreadPoolExecutorSubmit() => Workloads.ExecutorAsync(_executors.Threaded, _tasks);

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks), BenchmarkCategory("cooperative")]
    public Task MinimalPump() => Workloads.MinimalPumpAsync(_executors.Loop, _tasks);

    [Benchmark(OperationsPerInvoke = Tasks), BenchmarkCategory("cooperative")]
    public Task CooperativeExecutorSubmit() => Workloads.ExecutorAsync(_executors.Cooperative, _tasks);
}
