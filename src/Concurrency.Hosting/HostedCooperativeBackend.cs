namespace Concurrency.Hosting;

/// <summary>
/// The cooperative backend on the host's own loop, or group of loops, which carry the configured blocking detector,
/// offload pool size and logger.
/// </summary>
internal sealed class HostedCooperativeBackend : ExecutorBackend
{
    private readonly ExecutorBackend _cooperative;
    private readonly CooperativeLoop? _loop;
    private readonly CooperativeLoopGroup? _group;

    public HostedCooperativeBackend(ExecutorBackend cooperative, CooperativeLoop loop)
        : base(ConcurrencyBackend.Cooperative)
    {
        _cooperative = cooperative;
        _loop = loop;
    }

    public HostedCooperativeBackend(ExecutorBackend cooperative, CooperativeLoopGroup group)
        : base(ConcurrencyBackend.Cooperative)
    {
        _cooperative = cooperative;
        _group = group;
    }

    public override string ExecutorTypeName => _cooperative.ExecutorTypeName;

    public override int DefaultMaxWorkers => _cooperative.DefaultMaxWorkers;

    public override int GetDefaultPoolSize(string pool) => _cooperative.GetDefaultPoolSize(pool);

    public override IReadOnlyList<BackendPool> GetOwnPools() => _group?.GetOwnPools() ?? _loop!.GetOwnPools();

    public override IExecutor CreateExecutor(ExecutorOptions? options = null) =>
        CooperativeExecutor.Create(new CooperativeExecutorOptions(options ?? new ExecutorOptions(), _loop) { LoopGroup = _group });
}
