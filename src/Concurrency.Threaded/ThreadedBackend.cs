namespace Concurrency;

/// <summary>The <c>threaded</c> backend: executors on dedicated native threads.</summary>
internal sealed class ThreadedBackend() : ExecutorBackend(ThreadPoolExecutor.BackendName)
{
    // Nova's sizes: threads cost memory, so named pools are smaller than the cores x 5 default.
    internal const int DefaultPoolSize = 10;
    internal const int ScatterGatherPoolSize = 5;

    internal const string TypeName = "ThreadPoolExecutor";

    public override string ExecutorTypeName => TypeName;

    public override int DefaultMaxWorkers => ThreadPoolExecutor.DefaultMaxWorkers;

    public override int GetDefaultPoolSize(string pool) => pool switch
    {
        PoolNames.Default => DefaultPoolSize,
        PoolNames.ScatterGather => ScatterGatherPoolSize,
        _ => DefaultMaxWorkers,
    };

    public override IExecutor CreateExecutor(ExecutorOptions? options = null) => ThreadPoolExecutor.Create(options);
}
