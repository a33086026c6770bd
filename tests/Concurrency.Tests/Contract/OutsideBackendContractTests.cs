using Concurrency.OutsideBackend;
using Concurrency.Testing;

namespace Concurrency.Tests.Contract;

/// <summary>
/// The contract suite on a backend built outside the library's assemblies (tests/Concurrency.OutsideBackend), from
/// the public <see cref="PooledExecutor"/> alone: the engine is an extension point, not a private detail.
/// </summary>
public sealed class OutsideBackendContractTests : PooledExecutorContractTests
{
    protected override string ExpectedBackend => OneThreadExecutor.BackendName;

    protected override IExecutor CreateExecutor(ExecutorOptions options) => new OneThreadExecutor(options);
}
