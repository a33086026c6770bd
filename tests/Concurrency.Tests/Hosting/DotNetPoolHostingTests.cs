using Concurrency.Hosting;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Concurrency.Tests.Hosting;

/// <summary>Hosting settings that change the process's .NET pool minimum: they run alone, as the reservation tests do.</summary>
[Collection(Threaded.DotNetPoolMinimum.Name)]
public sealed class DotNetPoolHostingTests
{
    [Fact]
    public async Task StartAsync_DotNetPoolMinThreads_RaisesTheRuntimesMinimumAndLogsIt()
    {
        // Above the cooperative host's own target (one per processor plus its scatter-gather pool of 1000), so the setting decides.
        ThreadPool.GetMinThreads(out int workers, out int io);
        int raised = Math.Max(Math.Max(workers, io), Environment.ProcessorCount + 1000) + 7;
        var logs = new RecordingLoggerProvider();
        try
        {
            using var host = HostedConcurrency.Build(new() { ["Concurrency:DotNetPoolMinThreads"] = $"{raised}" }, logs: logs);
            await host.StartAsync().Within();

            ThreadPool.GetMinThreads(out int nowWorkers, out int nowIo);
            nowWorkers.Should().Be(raised);
            ThreadPool.GetMaxThreads(out _, out int maxIo);
            nowIo.Should().Be(Math.Min(raised, maxIo), "the I/O minimum is raised too, as far as its maximum allows");
            logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 304).Which.Message
                .Should().StartWith($"The .NET thread pool's minimum worker threads: {workers} before, {raised} now, for the cooperative backend (target {raised}: Concurrency:DotNetPoolMinThreads {raised}, above the ");
            await host.StopAsync().Within();
            ThreadPool.GetMinThreads(out int afterWorkers, out _);
            afterWorkers.Should().Be(workers, "the host lowered it by what it raised");
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dotnetpool")]
    public async Task StartAsync_ThreadsLeftOutOrDotNetPool_RunsThePoolsOnDotNetPoolThreadsAndLogsIt(string? threads)
    {
        ThreadPool.GetMinThreads(out int before, out _);
        var logs = new RecordingLoggerProvider();
        var settings = new Dictionary<string, string?> { ["Concurrency:Backend"] = "threaded", ["Concurrency:Pools:threaded:default"] = "11" };
        if (threads is not null)
        {
            settings["Concurrency:Threads"] = threads;
        }

        using var host = HostedConcurrency.Build(settings, logs: logs);
        await host.StartAsync().Within();
        var pools = host.Services.GetRequiredService<ExecutorPools>();

        bool onDotNetPool = await pools.Default.Submit(_ => Thread.CurrentThread.IsThreadPoolThread).Within();
        _ = pools.Get("reports");
        ThreadPool.GetMinThreads(out int during, out _);
        await host.StopAsync().Within();
        ThreadPool.GetMinThreads(out int after, out _);

        onDotNetPool.Should().BeTrue();
        int target = Environment.ProcessorCount + 11 + pools.GetPoolSize(PoolNames.ScatterGather);
        during.Should().Be(Math.Max(before, target), "the host raised it once, to one per processor plus every configured pool's limit, and no pool raised it again");
        after.Should().Be(before, "the host gave back what it raised at stop");
        logs.Entries.Should().Contain(entry => entry.EventId.Id == 305).Which.Message.Should().Contain("Concurrency:Threads DotNetPool");
        logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 304).Which.Message.Should()
            .Contain($"{before} before, {Math.Max(before, target)} now, for the threaded backend (target {target}: {Environment.ProcessorCount} per processor + {target - Environment.ProcessorCount}, the pools' worker limits (default 11, scatter-gather {pools.GetPoolSize(PoolNames.ScatterGather)}), since their items run on .NET pool threads)");
    }

    [Theory]
    [InlineData("cooperative", null)]
    [InlineData("threaded", "Dedicated")]
    public async Task StartAsync_PoolsOffTheDotNetPool_RaisesTheMinimumByTheScatterGatherPoolOnceAndLogsBeforeAndAfter(string backend, string? threads)
    {
        ThreadPool.GetMinThreads(out int before, out _);
        var logs = new RecordingLoggerProvider();
        var settings = new Dictionary<string, string?> { ["Concurrency:Backend"] = backend, [$"Concurrency:Pools:{backend}:scatter-gather"] = "40" };
        if (threads is not null)
        {
            settings["Concurrency:Threads"] = threads;
        }

        using var host = HostedConcurrency.Build(settings, logs: logs);
        await host.StartAsync().Within();
        ThreadPool.GetMinThreads(out int during, out _);
        await host.StopAsync().Within();
        ThreadPool.GetMinThreads(out int after, out _);

        int target = Environment.ProcessorCount + 40;
        during.Should().Be(Math.Max(before, target));
        after.Should().Be(before);
        logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 304).Which.Message.Should()
            .Be($"The .NET thread pool's minimum worker threads: {before} before, {Math.Max(before, target)} now, for the {backend} backend (target {target}: {Environment.ProcessorCount} per processor + 40, the scatter-gather pool's worker limit, since a canceled cell call's cancellation runs on a .NET pool thread); it goes back down when the host stops");
    }

    [Fact]
    public async Task StartAsync_ThreadsDedicated_RunsThePoolsOnThreadsNamedAfterThem()
    {
        var logs = new RecordingLoggerProvider();
        using var host = HostedConcurrency.Build(new() { ["Concurrency:Backend"] = "threaded", ["Concurrency:Threads"] = "Dedicated" }, logs: logs);
        await host.StartAsync().Within();

        var name = await host.Services.GetRequiredService<ExecutorPools>().Default.Submit(_ => Thread.CurrentThread.Name).Within();

        name.Should().EndWith(".default-1", "the pool's own thread is named after it");
        logs.Entries.Should().NotContain(entry => entry.EventId.Id == 305);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task StopAsync_HostsOverlap_EachKeepsItsMinimumUntilTheLastStops()
    {
        ThreadPool.GetMinThreads(out int before, out _);
        Dictionary<string, string?> Settings(int size) => new() { ["Concurrency:Backend"] = "cooperative", ["Concurrency:Pools:cooperative:scatter-gather"] = $"{size}" };
        int small = Math.Max(before, Environment.ProcessorCount + 40);
        int large = Math.Max(before, Environment.ProcessorCount + 80);
        using var first = HostedConcurrency.Build(Settings(40));
        using var second = HostedConcurrency.Build(Settings(80));

        await first.StartAsync().Within();
        await second.StartAsync().Within();
        ThreadPool.GetMinThreads(out int both, out _);
        await second.StopAsync().Within();
        ThreadPool.GetMinThreads(out int firstAlone, out _);
        await first.StopAsync().Within();
        ThreadPool.GetMinThreads(out int after, out _);

        both.Should().Be(large);
        firstAlone.Should().Be(small, "the first host still runs and still needs its minimum");
        after.Should().Be(before);
    }
}
