namespace Concurrency.Tests.ScatterGather;

public sealed class ThreadedScatterGatherTests : ScatterGatherContractTests
{
    protected override IExecutor CreateExecutor(ExecutorOptions options) => ConcurrencyBackend.Get(ConcurrencyBackend.Threaded).CreateExecutor(options);
}
