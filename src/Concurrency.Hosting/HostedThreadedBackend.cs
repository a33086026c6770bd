namespace Concurrency.Hosting;

/// <summary>The threaded backend with its pools on the configured threads (<c>Concurrency:Threads</c>).</summary>
internal sealed class HostedThreadedBackend(ExecutorBackend threaded, ExecutorThreads threads) : ExecutorBackend(ConcurrencyBackend.Threaded)
{
    public override string ExecutorTypeName => threaded.ExecutorTypeName;

    public override int DefaultMaxWorkers => threaded.DefaultMaxWorkers;

    public override int GetDefaultPoolSize(string pool) => threaded.GetDefaultPoolSize(pool);

    public override IExecutor CreateExecutor(ExecutorOptions? options = null) =>
        // The host sets the .NET pool's minimum once for all its pools (DotNetPoolMinimum), so no pool raises it again.
        ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions(options ?? new ExecutorOptions()) { Threads = threads, RaiseDotNetPoolMinimum = false });
}
