using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Testing;

namespace Concurrency.Tests.Contract;

/// <summary>The contract suite on an executor over a group of two cooperative loops.</summary>
public sealed class TwoLoopGroupContractTests : PooledExecutorContractTests
{
    private readonly LoopGroupUnderTest _backend = new("contract-pair", loops: 2);

    protected override string ExpectedBackend => ConcurrencyBackend.Cooperative;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => _backend.Create(options);

    protected override Task DisposeBackendAsync() => _backend.StopAsync();
}

/// <summary>The contract suite on an executor over a group of three cooperative loops.</summary>
public sealed class ThreeLoopGroupContractTests : PooledExecutorContractTests
{
    private readonly LoopGroupUnderTest _backend = new("contract-trio", loops: 3);

    protected override string ExpectedBackend => ConcurrencyBackend.Cooperative;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => _backend.Create(options);

    protected override Task DisposeBackendAsync() => _backend.StopAsync();
}
