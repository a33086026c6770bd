using Concurrency.Tests.Infrastructure.Backends;

namespace Concurrency.Tests.Contract;

public sealed class ThreadPoolExecutorContractTests : PooledExecutorContractTests
{
    private readonly ThreadedUnderTest _backend = new();

    protected override string ExpectedBackend => ConcurrencyBackend.Threaded;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => _backend.Create(options);
}
