namespace Concurrency.Hosting;

/// <summary>The cooperative backend on the host's own loop, which carries the configured blocking detector and logger.</summary>
internal sealed class HostedCooperativeBackend(ExecutorBackend cooperative, CooperativeLoop loop) : ExecutorBackend(ConcurrencyBackend.Cooperative)
{
    public CooperativeLoop Loop => loop;

    public override string ExecutorTypeName => cooperative.ExecutorTypeName;

    public override int DefaultMaxWorkers => cooperative.DefaultMaxWorkers;

    public override int GetDefaultPoolSize(string pool) => cooperative.GetDefaultPoolSize(pool);

    public override IReadOnlyList<BackendPool> GetOwnPools() => loop.GetOwnPools();

    public override IExecutor CreateExecutor(ExecutorOptions? options = null) =>
        CooperativeExecutor.Create(new CooperativeExecutorOptions(options ?? new ExecutorOptions(), loop));
}
