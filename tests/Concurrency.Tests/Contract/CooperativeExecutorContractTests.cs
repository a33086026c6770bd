using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Testing;

namespace Concurrency.Tests.Contract;

public sealed class CooperativeExecutorContractTests : PooledExecutorContractTests
{
    private readonly CooperativeUnderTest _backend = new("contract-loop");

    protected override string ExpectedBackend => ConcurrencyBackend.Cooperative;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => _backend.Create(options);

    protected override Task DisposeBackendAsync() => _backend.StopAsync();
}
