namespace Concurrency;

/// <summary>The <c>threaded</c> backend: executors on dedicated native threads.</summary>
internal sealed class ThreadedBackend() : ExecutorBackend(ThreadPoolExecutor.BackendName)
{
    // Nova's sizes (10 and 5) capped a web service at 60 requests/s. Threads start only as blocking work needs them
    // and asynchronous work holds a slot, not a thread, so a named pool allows as many in flight as a busy service
    // has (64 requests of 4 cells each), and the queued-work warning names the setting when that is still too few.
    internal const int NamedPoolSize = 256;

    internal const string TypeName = "ThreadPoolExecutor";

    public override string ExecutorTypeName => TypeName;

    public override int DefaultMaxWorkers => ThreadPoolExecutor.DefaultMaxWorkers;

    public override int GetDefaultPoolSize(string pool) => NamedPoolSize;

    public override IExecutor CreateExecutor(ExecutorOptions? options = null) => ThreadPoolExecutor.Create(options);
}
