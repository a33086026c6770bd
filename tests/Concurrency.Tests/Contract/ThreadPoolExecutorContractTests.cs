using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Testing;

namespace Concurrency.Tests.Contract;

/// <summary>The contract suite on the threaded backend with <see cref="ExecutorThreads.Dedicated"/> threads.</summary>
public sealed class ThreadPoolExecutorContractTests : PooledExecutorContractTests
{
    private readonly DedicatedUnderTest _backend = new();

    protected override string ExpectedBackend => ConcurrencyBackend.Threaded;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => _backend.Create(options);
}
