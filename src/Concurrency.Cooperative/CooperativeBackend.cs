namespace Concurrency;

/// <summary>The <c>cooperative</c> backend: executors on a single-threaded loop.</summary>
internal sealed class CooperativeBackend() : ExecutorBackend(CooperativeExecutor.BackendName)
{
    internal const string TypeName = "CooperativeExecutor";

    public override string ExecutorTypeName => TypeName;

    public override int DefaultMaxWorkers => CooperativeExecutor.DefaultMaxWorkers;

    public override IReadOnlyList<BackendPool> GetOwnPools() => CooperativeLoop.Default.GetOwnPools();

    public override IExecutor CreateExecutor(ExecutorOptions? options = null) => CooperativeExecutor.Create(options);
}
