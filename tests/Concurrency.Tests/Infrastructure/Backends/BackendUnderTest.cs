namespace Concurrency.Tests.Infrastructure.Backends;

/// <summary>Creates executors on one backend for a test class and releases what that backend needs (a loop).</summary>
public abstract class BackendUnderTest
{
    public abstract IExecutor Create(ExecutorOptions options);

    public virtual Task StopAsync() => Task.CompletedTask;
}

/// <summary>The threaded backend as the process selects it: its default configuration.</summary>
public sealed class ThreadedUnderTest : BackendUnderTest
{
    public override IExecutor Create(ExecutorOptions options) => ConcurrencyBackend.Get(ConcurrencyBackend.Threaded).CreateExecutor(options);
}

/// <summary>The threaded backend on dedicated threads of the executor's own (<see cref="ExecutorThreads.Dedicated"/>).</summary>
public sealed class DedicatedUnderTest : BackendUnderTest
{
    public override IExecutor Create(ExecutorOptions options) =>
        ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions(options) { Threads = ExecutorThreads.Dedicated });
}

/// <summary>The threaded backend on the .NET thread pool's threads (<see cref="ExecutorThreads.DotNetPool"/>, its default).</summary>
public sealed class DotNetPoolUnderTest : BackendUnderTest
{
    public override IExecutor Create(ExecutorOptions options) =>
        ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions(options) { Threads = ExecutorThreads.DotNetPool });
}

public sealed class CooperativeUnderTest(string loopName) : BackendUnderTest
{
    public CooperativeLoop Loop { get; } = new(new CooperativeLoopOptions { Name = loopName });

    public override IExecutor Create(ExecutorOptions options) => CooperativeExecutor.Create(new CooperativeExecutorOptions(options, Loop));

    public override Task StopAsync() => Loop.DisposeAsync().AsTask().Within();
}

/// <summary>Executors over a group of cooperative loops: every contract holds whichever loop a submission lands on.</summary>
public sealed class LoopGroupUnderTest(string groupName, int loops) : BackendUnderTest
{
    public CooperativeLoopGroup Group { get; } = new(new CooperativeLoopGroupOptions { LoopCount = loops, Loop = new() { Name = groupName } });

    public override IExecutor Create(ExecutorOptions options) =>
        CooperativeExecutor.Create(new CooperativeExecutorOptions(options) { LoopGroup = Group });

    public override Task StopAsync() => Group.DisposeAsync().AsTask().Within();
}
