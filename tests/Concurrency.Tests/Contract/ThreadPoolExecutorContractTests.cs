namespace Concurrency.Tests.Contract;

public sealed class ThreadPoolExecutorContractTests : PooledExecutorContractTests
{
    protected override string ExpectedBackend => ConcurrencyBackend.Threaded;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => ConcurrencyBackend.Get(ConcurrencyBackend.Threaded).CreateExecutor(options);
}
