using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Testing;

namespace Concurrency.Tests.Contract;

/// <summary>The contract suite on the threaded backend with <see cref="ExecutorThreads.DotNetPool"/>.</summary>
public sealed class DotNetPoolExecutorContractTests : PooledExecutorContractTests
{
    private readonly DotNetPoolUnderTest _backend = new();

    protected override string ExpectedBackend => ConcurrencyBackend.Threaded;

    protected override bool WorkerIsOneThread => false;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => _backend.Create(options);
}
