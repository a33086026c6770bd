using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Concurrency.Testing;

namespace Concurrency.Tests.Hosting;

/// <summary>Pool sizes per backend, the loop's offload pool as a pool like the others, and limits that are never silent.</summary>
public sealed class PoolSizingTests
{
    [Theory]
    [InlineData("threaded", 7)]
    [InlineData("cooperative", 900)]
    public async Task AddConcurrency_SizesPerBackend_OnlyTheChosenBackendsApply(string backend, int expected)
    {
        using var host = HostedConcurrency.Build(new()
        {
            ["Concurrency:Backend"] = backend,
            ["Concurrency:Pools:threaded:scatter-gather"] = "7",
            ["Concurrency:Pools:cooperative:scatter-gather"] = "900",
        });
        await host.StartAsync().Within();

        host.Services.GetRequiredService<ExecutorPools>().ScatterGather.MaxWorkers.Should().Be(expected);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task AddConcurrency_Cooperative_TheOffloadPoolIsSizedFromConfigurationAndInTheReport()
    {
        using var host = HostedConcurrency.Build(new()
        {
            ["Concurrency:Backend"] = "cooperative",
            ["Concurrency:ProcessName"] = "cell-api",
            ["Concurrency:OffloadWorkers"] = "48",
        });
        await host.StartAsync().Within();
        var pools = host.Services.GetRequiredService<ExecutorPools>();

        string? thread = await pools.Default.Submit(_ => Offload.RunAsync(_ => Thread.CurrentThread.Name)).Within();

        thread.Should().Be("cell-api.loop.offload-1");
        var offload = pools.GetReport().Should().ContainSingle(pool => pool.Pool == PoolNames.Offload).Which;
        offload.Executor.Should().Be("cell-api.loop.offload");
        offload.ExecutorType.Should().Be("OffloadThreadPool");
        offload.State.MaxWorkers.Should().Be(48);
        offload.Statistics.Executed.Should().Be(1);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task AddConcurrency_Cooperative_TheOffloadPoolReportsToTheHostsMetrics()
    {
        using var host = HostedConcurrency.Build(
            new() { ["Concurrency:Backend"] = "cooperative", ["Concurrency:ProcessName"] = "metered-api" }, more: services => services.AddMetrics());
        await host.StartAsync().Within();
        var metrics = host.Services.GetRequiredService<ExecutorMetrics>();
        using var recorder = new MetricsRecorder(metrics.Meter, "metered-api.loop.offload");
        var pools = host.Services.GetRequiredService<ExecutorPools>();

        await pools.Default.Submit(_ => Offload.RunAsync(_ => 1)).Within();

        metrics.Should().NotBeSameAs(ExecutorMetrics.Shared);
        recorder.ObserveOne("concurrency.executor.worker.max").Should().Be(CooperativeLoopOptions.DefaultOffloadWorkers);
        recorder.ObserveOne("concurrency.executor.work_items", "outcome", "completed").Should().Be(1);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task StatisticsPeriod_LoopGroup_LogsOneLinePerLoopEachPeriodAndAtStop()
    {
        var logs = new RecordingLoggerProvider();
        var clock = new ManualTimeProvider();
        using var host = HostedConcurrency.Build(
            new() { ["Concurrency:Backend"] = "cooperative", ["Concurrency:ProcessName"] = "lines", ["Concurrency:LoopCount"] = "2", ["Concurrency:StatisticsPeriod"] = "60" },
            logs: logs,
            more: services => services.AddSingleton<TimeProvider>(clock));
        await host.StartAsync().Within();

        clock.Advance(TimeSpan.FromSeconds(60));
        var lines = logs.Entries.Where(entry => entry.EventId.Id == 303).Select(entry => entry.Message).ToList();
        await host.StopAsync().Within();

        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("State of loop lines.loop-0: busy_seconds: ").And.EndWith("offload busy: 0 of 256");
        lines[1].Should().StartWith("State of loop lines.loop-1: ");
        logs.Entries.Single(entry => entry.EventId.Id == 302).Message.Should().Contain("State of loop lines.loop-1: ");
    }

    [Theory]
    [InlineData("threaded")]
    [InlineData("cooperative")]
    public async Task Submit_ConfiguredPoolFull_TheWarningNamesThePoolAndTheSettingToRaise(string backend)
    {
        var logs = new RecordingLoggerProvider();
        using var host = HostedConcurrency.Build(
            new() { ["Concurrency:Backend"] = backend, [$"Concurrency:Pools:{backend}:scatter-gather"] = "1" }, logs: logs);
        await host.StartAsync().Within();
        var pool = host.Services.GetRequiredService<ExecutorPools>().ScatterGather;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = pool.Submit(async _ => { started.SetResult(); await release.Task; });
        await started.Task.Within();

        var queued = pool.Submit(_ => 2);
        release.SetResult();
        await Task.WhenAll(holder, queued).Within();

        logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 203).Which.Message
            .Should().Contain("The scatter-gather pool has no free worker").And.Contain($"all 1 workers busy, raise Concurrency:Pools:{backend}:scatter-gather");
        logs.Entries.Single(entry => entry.EventId.Id == 203).Level.Should().Be(LogLevel.Warning);
        await host.StopAsync().Within();
    }
}
