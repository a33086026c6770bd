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
    public void StartIdlePool()
    {
        _pool = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "suite.shutdown.idle", MaxWorkers = 40, MinWorkers = 40 });
        using var started = new CountdownEvent(40);
        using var release = new ManualResetEventSlim();
        var holders = Enumerable.Range(0, 40).Select(_ => _pool.Submit(_ => { started.Signal(); release.Wait(); })).ToArray();
        started.Wait();
        release.Set();
        Task.WaitAll(holders);
    }

    [IterationSetup(Targets = [nameof(QueuedWorkCanceled), nameof(QueuedWorkDrained)])]
    public void StartBlockedPool()
    {
        _pool = ThreadPoolExecutor.Create("suite.shutdown.queued", Workloads.Workers);
        _gate = new ManualResetEventSlim();
        using var started = new CountdownEvent(Workloads.Workers);
        for (int i = 0; i < Workloads.Workers; i++)
        {
            _ = _pool.Submit(_ => { started.Signal(); _gate.Wait(); });
        }

        started.Wait();
        for (int i = 0; i < Queued; i++)
        {
            _ = _pool.Submit(static _ => { });
        }
    }

    [Benchmark]
    public Task IdlePool() => _pool.ShutdownAsync(wait: true);

    [Benchmark]
    public Task QueuedWorkCanceled() => StopAsync(cancelPending: true);

    [Benchmark]
    public Task QueuedWorkDrained() => StopAsync(cancelPending: false);

    private Task StopAsync(bool cancelPending)
    {
        var stopped = _pool.ShutdownAsync(wait: true, cancelPending);
        _gate.Set();
        return stopped;
    }
}
