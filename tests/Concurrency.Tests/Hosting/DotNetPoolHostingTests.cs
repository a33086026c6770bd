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
        // Above any minimum another test's host sets (the CellApi sample's is 64), so this host's raise is the one seen.
        ThreadPool.GetMinThreads(out int workers, out int io);
        int raised = Math.Max(Math.Max(workers, io), 256) + 7;
        var logs = new RecordingLoggerProvider();
        try
        {
            using var host = HostedConcurrency.Build(new() { ["Concurrency:DotNetPoolMinThreads"] = $"{raised}" }, logs: logs);
            await host.StartAsync().Within();

            ThreadPool.GetMinThreads(out int nowWorkers, out int nowIo);
            nowWorkers.Should().Be(raised);
            nowIo.Should().Be(raised);
            logs.Entries.Should().Contain(entry => entry.EventId.Id == 304).Which.Message
                .Should().StartWith("The .NET thread pool's minimum raised from ").And.EndWith($"I/O threads to {raised} and {raised} (Concurrency:DotNetPoolMinThreads {raised}, which never lowers it)");
            await host.StopAsync().Within();
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
        ThreadPool.GetMinThreads(out int during, out _);
        await host.StopAsync().Within();
        ThreadPool.GetMinThreads(out int after, out _);

        onDotNetPool.Should().BeTrue();
        during.Should().BeGreaterThanOrEqualTo(before + 11, "the default pool reserves its 11 threads while it lives");
        after.Should().Be(before, "every pool gave its threads back at shutdown");
        logs.Entries.Should().Contain(entry => entry.EventId.Id == 305).Which.Message.Should().Contain("Concurrency:Threads DotNetPool");
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
}
