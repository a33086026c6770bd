using Concurrency.Testing;
namespace Concurrency.Tests.Contract;

/// <summary>The contract suite on a cooperative loop's offload pool, the threads <see cref="Offload"/> runs blocking calls on.</summary>
public sealed class OffloadThreadPoolContractTests : PooledExecutorContractTests
{
    protected override string ExpectedBackend => ConcurrencyBackend.Cooperative;

    protected override IExecutor CreateExecutor(ExecutorOptions options) =>
        new OffloadThreadPool(options.Name ?? "offload-under-test", options.MaxWorkers ?? 20, CooperativeLoopOptions.DefaultOffloadSchedulerSlice, reportSlice: null, options);
}
