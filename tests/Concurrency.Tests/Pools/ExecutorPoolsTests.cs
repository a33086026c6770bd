using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Pools;

public sealed class ExecutorPoolsTests
{
    private static ExecutorBackend Threaded => ConcurrencyBackend.Get(ConcurrencyBackend.Threaded);

    private static ExecutorBackend Cooperative => ConcurrencyBackend.Get(ConcurrencyBackend.Cooperative);

    [Fact]
    public async Task Get_SameNameTwice_CreatesOneExecutorNamedAfterProcessAndPool()
    {
        await using var pools = new ExecutorPools(Threaded, new ExecutorPoolsOptions { ProcessName = "nova-scheduler" });

        var first = pools.Get("long_task");
        var again = pools.Get("long_task");

        again.Should().BeSameAs(first);
        first.Name.Should().Be("nova-scheduler.long_task");
        pools.Created.Keys.Should().Equal("long_task");
    }

    [Fact]
    public async Task Get_ThreadedBackend_SizesPoolsAsNovaDoes()
    {
        await using var pools = new ExecutorPools(Threaded);

        pools.Default.MaxWorkers.Should().Be(10);
        pools.ScatterGather.MaxWorkers.Should().Be(5);
        pools.Get("other").MaxWorkers.Should().Be(ThreadPoolExecutor.DefaultMaxWorkers);
    }

    [Fact]
    public async Task Get_CooperativeBackend_Gives1000WorkersToEveryPool()
    {
        await using var pools = new ExecutorPools(Cooperative);

        pools.ScatterGather.MaxWorkers.Should().Be(1000);
        pools.ScatterGather.Backend.Should().Be(ConcurrencyBackend.Cooperative);
    }

    [Fact]
    public async Task Get_ConfiguredSize_OverridesTheBackendDefault()
    {
        var options = new ExecutorPoolsOptions();
        options.PoolSizes[ExecutorPools.ScatterGatherPool] = 12;
        await using var pools = new ExecutorPools(Threaded, options);

        pools.ScatterGather.MaxWorkers.Should().Be(12);
        pools.GetPoolSize(ExecutorPools.DefaultPool).Should().Be(10);
    }

    [Fact]
    public async Task ShutdownAllAsync_CreatedPools_ShutsEveryPoolDownAndRefusesNewOnes()
    {
        var pools = new ExecutorPools(Threaded);
        var defaultPool = pools.Default;
        var cells = pools.ScatterGather;
        var ran = await cells.Submit(_ => 42).Within();

        await pools.ShutdownAllAsync().Within();

        ran.Should().Be(42);
        defaultPool.IsAlive.Should().BeFalse();
        cells.IsAlive.Should().BeFalse();
        FluentActions.Invoking(() => pools.Get("late")).Should().Throw<ExecutorShutdownException>().WithMessage("Pool 'late' cannot be created*shut down*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Scatter")]
    [InlineData("cell worker")]
    [InlineData("pool.name")]
    public async Task Get_BadPoolName_ThrowsNamingItAndTheAcceptedCharacters(string name)
    {
        await using var pools = new ExecutorPools(Threaded);

        FluentActions.Invoking(() => pools.Get(name)).Should().Throw<ArgumentException>()
            .WithMessage($"Pool name '{name}' is not accepted: use lowercase letters, digits, dashes and underscores*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(40_000)]
    public void Constructor_BadPoolSize_ThrowsNamingThePoolAndTheValue(int size)
    {
        var options = new ExecutorPoolsOptions();
        options.PoolSizes["default"] = size;

        FluentActions.Invoking(() => new ExecutorPools(Threaded, options)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage($"Size {size} of pool 'default' is not accepted: use 1 to 32767*");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("bad\nname")]
    public void ProcessName_Blank_ThrowsNamingTheValue(string name) =>
        FluentActions.Invoking(() => new ExecutorPoolsOptions { ProcessName = name }).Should().Throw<ArgumentException>()
            .WithMessage("Process name '*' is not accepted*");

    [Fact]
    public void Shared_FirstUse_IsOnTheProcesssBackend() =>
        ExecutorPools.Shared.Backend.Should().BeSameAs(ConcurrencyBackend.Current);
}
