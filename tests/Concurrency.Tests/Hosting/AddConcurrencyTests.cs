using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Concurrency.Hosting;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Concurrency.Tests.Hosting;

public sealed class AddConcurrencyTests
{
    [Fact]
    public async Task AddConcurrency_Configuration_SizesPoolsAndRegistersTheDefaultPoolAsIExecutor()
    {
        using var host = HostedConcurrency.Build(new()
        {
            ["Concurrency:Backend"] = "threaded",
            ["Concurrency:ProcessName"] = "nova-api",
            ["Concurrency:Pools:threaded:default"] = "3",
            ["Concurrency:Pools:threaded:scatter-gather"] = "7",
            ["Concurrency:Pools:cooperative:default"] = "900",
        });
        await host.StartAsync().Within();

        var executor = host.Services.GetRequiredService<IExecutor>();
        var pools = host.Services.GetRequiredService<ExecutorPools>();
        var answer = await executor.Submit(_ => 42).Within();

        answer.Should().Be(42);
        executor.Name.Should().Be("nova-api.default");
        executor.MaxWorkers.Should().Be(3);
        executor.Backend.Should().Be(ConcurrencyBackend.Threaded);
        pools.ScatterGather.MaxWorkers.Should().Be(7);
        pools.Get("long_task").MaxWorkers.Should().Be(256, "a named pool not configured gets the threaded backend's default");
        await host.StopAsync().Within();
        executor.IsAlive.Should().BeFalse("the host's stop shuts every pool down");
        pools.ScatterGather.IsAlive.Should().BeFalse();
    }

    [Theory]
    [InlineData("true", "cooperative", ConcurrencyBackend.Threaded)]
    [InlineData("false", "threaded", ConcurrencyBackend.Cooperative)]
    [InlineData(null, "threaded", ConcurrencyBackend.Threaded)]
    [InlineData("", "threaded", ConcurrencyBackend.Threaded)]
    [InlineData(null, "auto", ConcurrencyBackend.Cooperative)]
    public async Task AddConcurrency_EnvironmentAndConfiguration_TheEnvironmentVariableWins(string? environment, string configured, string expected)
    {
        using var host = HostedConcurrency.Build(new() { ["Concurrency:Backend"] = configured }, environment);
        await host.StartAsync().Within();

        host.Services.GetRequiredService<IExecutor>().Backend.Should().Be(expected);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task AddConcurrency_Cooperative_RunsPoolsOnTheHostsLoopWithTheConfiguredDetector()
    {
        using var host = HostedConcurrency.Build(new()
        {
            ["Concurrency:Backend"] = "cooperative",
            ["Concurrency:ProcessName"] = "nova-compute",
            ["Concurrency:SlowSliceThresholdMilliseconds"] = "250",
        });
        await host.StartAsync().Within();

        var loop = await host.Services.GetRequiredService<IExecutor>().Submit(_ => CooperativeLoop.Current).Within();

        loop.Should().NotBeNull();
        loop!.Name.Should().Be("nova-compute.loop");
        loop.Should().NotBeSameAs(CooperativeLoop.Default);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task AddConcurrency_SchedulerSlicesConfigured_TheLoopAndItsOffloadThreadsAskForThem()
    {
        using var host = HostedConcurrency.Build(new()
        {
            ["Concurrency:Backend"] = "cooperative",
            ["Concurrency:LoopSchedulerSliceMilliseconds"] = "5",
            ["Concurrency:OffloadSchedulerSliceMilliseconds"] = "-1",
        });
        await host.StartAsync().Within();
        var osSlice = await Task.Factory.StartNew(SchedulerSlice.OfCurrentThread, TaskCreationOptions.LongRunning).Within();
        bool kernelTakesSlices = await Task.Factory.StartNew(() => SchedulerSlice.TrySetForCurrentThread(TimeSpan.FromMilliseconds(5)) is null, TaskCreationOptions.LongRunning).Within();

        var (onLoop, onOffload) = await host.Services.GetRequiredService<IExecutor>()
            .Submit(async _ => (SchedulerSlice.OfCurrentThread(), await Offload.RunAsync(_ => SchedulerSlice.OfCurrentThread()))).Within();

        onLoop.Should().Be(kernelTakesSlices ? TimeSpan.FromMilliseconds(5) : osSlice);
        onOffload.Should().Be(osSlice);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task AddConcurrency_StatisticsPeriodZero_PoolsLogTheirLinesThroughTheHostsLogging()
    {
        var logs = new RecordingLoggerProvider();
        using var host = HostedConcurrency.Build(new() { ["Concurrency:Backend"] = "threaded", ["Concurrency:StatisticsPeriod"] = "0" }, logs: logs);
        await host.StartAsync().Within();

        await host.Services.GetRequiredService<ExecutorPools>().ScatterGather.Submit(_ => 1).Within();
        await host.StopAsync().Within();

        var messages = logs.Entries.Select(entry => entry.Message).ToList();
        messages.Should().Contain(message => message.StartsWith("Stats of scatter-gather executor: ExecutorStatistics(", StringComparison.Ordinal));
        messages.Should().Contain(message => message.StartsWith("State of scatter-gather ThreadPoolExecutor: max_workers: 256", StringComparison.Ordinal));
        messages.Should().Contain("Concurrency runs on the threaded backend (Concurrency:Backend threaded)");
    }

    [Fact]
    public async Task StopAsync_SeveralPools_TheShutdownReportHasEachPoolOnLinesOfItsOwn()
    {
        var logs = new RecordingLoggerProvider();
        using var host = HostedConcurrency.Build(new() { ["Concurrency:Backend"] = "threaded" }, logs: logs);
        await host.StartAsync().Within();
        var pools = host.Services.GetRequiredService<ExecutorPools>();
        await pools.Default.Submit(_ => 1).Within();
        await pools.ScatterGather.Submit(_ => 2).Within();

        await host.StopAsync().Within();

        var lines = logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 302).Which.Message.Split('\n');
        lines.Should().Contain(line => line.StartsWith("Stats of default executor: ", StringComparison.Ordinal) && !line.Contains("scatter-gather"));
        lines.Should().Contain(line => line.StartsWith("Stats of scatter-gather executor: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddConcurrency_HostWithMetrics_CreatesTheInstrumentsThroughItsMeterFactory()
    {
        using var host = HostedConcurrency.Build(new() { ["Concurrency:Backend"] = "threaded" }, more: services => services.AddMetrics());
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var published = new ConcurrentBag<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    published.Add($"{instrument.Meter.Name}/{instrument.Name}");
                }
            },
        };
        listener.Start();

        await host.StartAsync().Within();
        _ = host.Services.GetRequiredService<ExecutorMetrics>();

        published.Should().Contain(["Concurrency/concurrency.executor.work_items", "Concurrency/concurrency.executor.worker.count"]);
        await host.StopAsync().Within();
    }

    [Theory]
    [InlineData("Concurrency:Backend", "green", "Concurrency:Backend 'green' is not accepted: use auto, cooperative or threaded.")]
    [InlineData("Concurrency:Pools:threaded:default", "0", "Concurrency:Pools:threaded:default = 0 is not accepted: use 1 to 32767.")]
    [InlineData("Concurrency:Pools:cooperative:default", "lots", "Concurrency:Pools:cooperative:default 'lots' is not accepted: use a whole number from 1 to 32767.")]
    [InlineData("Concurrency:Pools:threaded:scatter-gather", "2.5", "Concurrency:Pools:threaded:scatter-gather '2.5' is not accepted: use a whole number from 1 to 32767.")]
    [InlineData("Concurrency:Pools:threaded:Cell Worker", "4", "Concurrency:Pools:threaded:'Cell Worker' is not accepted as a pool name")]
    [InlineData("Concurrency:Pools:scatter-gather", "5", "Concurrency:Pools:scatter-gather = 5 is not accepted: pool sizes are per backend, use Concurrency:Pools:threaded:scatter-gather or Concurrency:Pools:cooperative:scatter-gather.")]
    [InlineData("Concurrency:Pools:green:default", "5", "Concurrency:Pools:'green' is not accepted: pool sizes are per backend")]
    [InlineData("Concurrency:OffloadWorkers", "0", "Concurrency:OffloadWorkers 0 is not accepted: use 1 to 32767, or leave it out for 256.")]
    [InlineData("Concurrency:ScatterGatherTimeoutSeconds", "0", "Concurrency:ScatterGatherTimeoutSeconds 0 is not accepted: use a positive number of seconds")]
    [InlineData("Concurrency:StatisticsPeriod", "-2", "Concurrency:StatisticsPeriod -2 is not accepted: use -1 (off), 0 (every submission) or a positive number of seconds.")]
    [InlineData("Concurrency:SlowSliceThresholdMilliseconds", "0", "Concurrency:SlowSliceThresholdMilliseconds 0 is not accepted: use -1 (off) or 1 or more.")]
    [InlineData("Concurrency:LoopSchedulerSliceMilliseconds", "0.05", "Concurrency:LoopSchedulerSliceMilliseconds 0.05 is not accepted: use 0.1 to 100 (the range Linux takes), or -1 to leave the OS's slice.")]
    [InlineData("Concurrency:OffloadSchedulerSliceMilliseconds", "0", "Concurrency:OffloadSchedulerSliceMilliseconds 0 is not accepted: use 0.1 to 100 (the range Linux takes), or -1 to leave the OS's slice.")]
    [InlineData("Concurrency:OffloadSchedulerSliceMilliseconds", "150", "Concurrency:OffloadSchedulerSliceMilliseconds 150 is not accepted: use 0.1 to 100")]
    [InlineData("Concurrency:ProcessName", " ", "Concurrency:ProcessName ' ' is not accepted")]
    [InlineData("Concurrency:Threads", "green", "Concurrency:Threads 'green' is not accepted: use Dedicated or DotNetPool.")]
    [InlineData("Concurrency:Threads", "1", "Concurrency:Threads '1' is not accepted: use Dedicated or DotNetPool.")]
    [InlineData("Concurrency:DotNetPoolMinThreads", "0", "Concurrency:DotNetPoolMinThreads 0 is not accepted: use 1 to 32767, or leave it out to keep the runtime's minimum.")]
    [InlineData("Concurrency:DotNetPoolDelayThresholdMilliseconds", "0", "Concurrency:DotNetPoolDelayThresholdMilliseconds 0 is not accepted: use -1 (off) or 1 to 86400000.")]
    public async Task StartAsync_BadConfiguration_FailsNamingTheKeyTheValueAndWhatIsAccepted(string key, string value, string message)
    {
        using var host = HostedConcurrency.Build(new() { [key] = value });

        var thrown = await FluentActions.Awaiting(() => host.StartAsync().Within()).Should().ThrowAsync<OptionsValidationException>();

        thrown.Which.Message.Should().Contain(message);
    }

    [Fact]
    public async Task StartAsync_DotNetPoolDelayThresholdOff_HasNoWatchdog()
    {
        using var host = HostedConcurrency.Build(new() { ["Concurrency:DotNetPoolDelayThresholdMilliseconds"] = "-1" });
        await host.StartAsync().Within();

        host.Services.GetRequiredService<ConcurrencyHost>().DotNetPool.Should().BeNull();
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task StartAsync_BadEnvironmentValue_FailsNamingTheVariable()
    {
        using var host = HostedConcurrency.Build([], environmentValue: "maybe");

        await FluentActions.Awaiting(() => host.StartAsync().Within()).Should().ThrowAsync<BackendSelectionException>()
            .WithMessage("*DISABLE_COOPERATIVE_MODE*'maybe'*");
    }

    [Fact]
    public void AddConcurrency_CodeConfiguration_IsValidatedTheSameWay()
    {
        var services = new ServiceCollection().AddConcurrency(options => options.Pools["threaded"] = new() { ["default"] = -1 });
        using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<ConcurrencyOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*Concurrency:Pools:threaded:default = -1 is not accepted*");
    }
}
