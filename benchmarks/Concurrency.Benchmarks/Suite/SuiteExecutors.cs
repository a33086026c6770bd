namespace Concurrency.Benchmarks.Suite;

/// <summary>The executors a suite class needs: a thread pool, and a cooperative executor on a loop of its own.</summary>
internal sealed class SuiteExecutors : IAsyncDisposable
{
    private SuiteExecutors(IExecutor threaded, CooperativeLoop loop, IExecutor cooperative)
    {
        Threaded = threaded;
        Loop = loop;
        Cooperative = cooperative;
    }

    public IExecutor Threaded { get; }

    public CooperativeLoop Loop { get; }

    public IExecutor Cooperative { get; }

    public static SuiteExecutors Create(string name, int threadedWorkers, CooperativeLoopOptions? loop = null, int? cooperativeWorkers = null)
    {
        var options = loop ?? new CooperativeLoopOptions();
        options.Name = $"{name}.loop";
        var cooperativeLoop = new CooperativeLoop(options);
        return new SuiteExecutors(
            ThreadPoolExecutor.Create($"{name}.threaded", threadedWorkers),
            cooperativeLoop,
            CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = $"{name}.cooperative", Loop = cooperativeLoop, MaxWorkers = cooperativeWorkers }));
    }

    public async ValueTask DisposeAsync()
    {
        await Threaded.DisposeAsync();
        await Cooperative.DisposeAsync();
        await Loop.DisposeAsync();
    }
}
