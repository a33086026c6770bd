using BenchmarkDotNet.Attributes;

namespace Concurrency.Benchmarks.Suite;

/// <summary>Figure 7: shutdown of an idle pool of 40 started workers, and of 8 busy workers with 100,000 queued no-ops.</summary>
[BenchmarkCategory("7 shutdown")]
[InvocationCount(1, 1)]
public class ShutdownBenchmarks
{
    private const int Queued = 100_000;
    private IExecutor _pool = null!;
    private ManualResetEventSlim _gate = null!;

    [IterationSetup(Target = nameof(IdlePool))]
    public void StartIdlePool() => _pool = Workloads.IdlePool("suite.shutdown.idle", 40);

    [IterationSetup(Targets = [nameof(QueuedWorkCanceled), nameof(QueuedWorkDrained)])]
    public void StartBlockedPool()
    {
        _gate = new ManualResetEventSlim();
        _pool = Workloads.BlockedPool("suite.shutdown.queued", Queued, _gate);
    }

    [Benchmark]
    public Task IdlePool() => _pool.ShutdownAsync();

    [Benchmark]
    public Task QueuedWorkCanceled() => StopAsync(cancelPending: true);

    [Benchmark]
    public Task QueuedWorkDrained() => StopAsync(cancelPending: false);

    private Task StopAsync(bool cancelPending)
    {
        var stopped = _pool.ShutdownAsync(cancelPending ? ShutdownMode.CancelQueued : ShutdownMode.Drain);
        _gate.Set();
        return stopped;
    }
}
