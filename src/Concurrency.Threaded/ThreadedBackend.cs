namespace Concurrency;

/// <summary>The <c>threaded</c> backend: executors on dedicated native threads. Found by name from Abstractions.</summary>
internal sealed class ThreadedBackend() : ExecutorBackend(ConcurrencyBackend.Threaded)
{
    public override string ExecutorTypeName => "ThreadPoolExecutor";

    public override int DefaultMaxWorkers => ThreadPoolExecutor.DefaultMaxWorkers;

    public override IExecutor CreateExecutor(ExecutorOptions? options = null) => ThreadPoolExecutor.Create(options);
}
