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
    public async Task Get_ThreadedBackend_SizesNamedPoolsForABusyService()
    {
        await using var pools = new ExecutorPools(Threaded);

        pools.Default.MaxWorkers.Should().Be(256, "64 requests of 4 cells must not queue on a default configuration");
        pools.ScatterGather.MaxWorkers.Should().Be(256);
        pools.Get("other").MaxWorkers.Should().Be(256);
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
        options.PoolSizes[PoolNames.ScatterGather] = 12;
        await using var pools = new ExecutorPools(Threaded, options);

        pools.ScatterGather.MaxWorkers.Should().Be(12);
        pools.GetPoolSize(PoolNames.Default).Should().Be(256);
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
            .WithMessage($"Pool name '{name}' is not accepted: use at most 256 lowercase letters, digits, dashes and underscores*");
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
    public async Task GetReport_TwoPools_GivesNovasTwoLinesPerPoolAndATable()
    {
        await using var pools = new ExecutorPools(Threaded, new ExecutorPoolsOptions { ProcessName = "nova-conductor" });
        await pools.ScatterGather.Submit(_ => 1).Within();
        _ = pools.Default;

        var report = pools.GetReport();

        report.Select(pool => pool.Pool).Should().Equal("default", "scatter-gather");
        report.ToString().Split(Environment.NewLine).Should().Equal(
            "Stats of default executor: ExecutorStatistics(failures=0, executed=0, runtime=0.00, cancelled=0)",
            "State of default ThreadPoolExecutor: max_workers: 256, workers: 0, idle workers: 0, queued: 0",
            $"Stats of scatter-gather executor: {pools.ScatterGather.GetStatistics()}",
            "State of scatter-gather ThreadPoolExecutor: max_workers: 256, workers: 0, idle workers: 0, queued: 0"); // the .NET pool's threads went back to it
        var table = report.ToTable().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        table.Should().HaveCount(3);
        table[0].Should().StartWith("pool ").And.Contain("queue wait s");
        table[2].Should().MatchRegex(@"^scatter-gather\s+ThreadPoolExecutor\s+256\s+0\s+0\s+0\s+0\s+1\s+0\s+0\s+0\s");
        report[1].Executor.Should().Be("nova-conductor.scatter-gather");
    }

    [Fact]
    public async Task Get_StatisticsPeriodAndLogger_PoolsLogUnderTheirPoolName()
    {
        using var logging = RecordingLoggerProvider.CreateFactory(out var logs);
        await using var pools = new ExecutorPools(Threaded, new ExecutorPoolsOptions { LoggerFactory = logging, StatisticsPeriod = TimeSpan.Zero });

        await pools.ScatterGather.Submit(_ => 1).Within();

        logs.Entries.Select(entry => entry.Message).Should().Contain(message => message.StartsWith("Stats of scatter-gather executor:", StringComparison.Ordinal))
            .And.Contain(message => message.StartsWith("State of scatter-gather ThreadPoolExecutor: max_workers: 256", StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_FirstUse_IsOnTheProcesssBackend() =>
        ExecutorPools.Shared.Backend.Should().BeSameAs(ConcurrencyBackend.Current);
}
