using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Contract;

public sealed class CooperativeExecutorContractTests : PooledExecutorContractTests
{
    private readonly CooperativeLoop _loop = new(new CooperativeLoopOptions { Name = "contract-loop" });

    protected override string ExpectedBackend => ConcurrencyBackend.Cooperative;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => CooperativeExecutor.Create(new CooperativeExecutorOptions
    {
        Name = options.Name,
        MaxWorkers = options.MaxWorkers,
        MaxBacklog = options.MaxBacklog,
        TimeProvider = options.TimeProvider,
        Loop = _loop,
    });

    protected override Task DisposeBackendAsync() => _loop.DisposeAsync().AsTask().Within();
}
