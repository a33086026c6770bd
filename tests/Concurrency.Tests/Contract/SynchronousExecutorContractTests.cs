using Concurrency.Testing;
namespace Concurrency.Tests.Contract;

public sealed class SynchronousExecutorContractTests : ExecutorContractTests
{
    protected override string ExpectedBackend => SynchronousExecutor.BackendName;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => SynchronousExecutor.Create(options);

    protected override int ExpectedMaxWorkers(int requested) => 1;
}
