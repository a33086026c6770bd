using Concurrency.Cells;
using Concurrency.Tests.Cells;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Concurrency.Testing;

namespace Concurrency.Tests.Hosting;

/// <summary>
/// Scatter-gather from the container, and the static API while a host runs: neither falls back to an unlogged shared
/// pool. Runs alone, since the process has one default gatherer.
/// </summary>
[Collection(ProcessWideStatistics.Name)]
public sealed class HostedScatterGatherTests : IDisposable
{
    private readonly SqliteCells _databases = new();

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task ScatterGatherer_FromTheContainer_RunsOnTheScatterGatherPoolWithTheHostsLoggerAndTimeout(string backend)
    {
        var logs = new RecordingLoggerProvider();
        var clock = new ManualTimeProvider();
        using var host = HostedConcurrency.Build(
            new() { ["Concurrency:Backend"] = backend, ["Concurrency:ProcessName"] = "cell-api", ["Concurrency:ScatterGatherTimeoutSeconds"] = "2" },
            logs: logs,
            more: services => services.AddSingleton<TimeProvider>(clock));
        await host.StartAsync().Within();
        var gatherer = host.Services.GetRequiredService<ScatterGatherer>();
        var pools = host.Services.GetRequiredService<ExecutorPools>();
        var stuckStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var answered = await gatherer.AllCellsAsync([_databases.Create("ok", "h1")], CountHostsAsync).Within();
        var gather = gatherer.AllCellsAsync([_databases.Create("stuck", "h2")], async context =>
        {
            stuckStarted.SetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return 0;
        });
        await stuckStarted.Task.Within();
        clock.Advance(TimeSpan.FromSeconds(2));
        var results = await gather.Within();
        await results.LeftRunningEnded.Within();

        answered[0].Outcome.Should().Be(CellOutcome.Responded);
        results[0].Outcome.Should().Be(CellOutcome.DidNotRespond);
        gatherer.Options.Executor.Should().BeSameAs(pools.ScatterGather);
        gatherer.Options.Timeout.Should().Be(TimeSpan.FromSeconds(2));
        logs.Entries.Should().Contain(entry => entry.EventId.Id == 103 && entry.Level == LogLevel.Warning
            && entry.Category == "Concurrency.ScatterGather" && entry.Message.Contains("holding a worker of cell-api.scatter-gather"));
        gatherer.GetStatistics().Calls.Should().Be(2);
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task ScatterGather_StaticCallWhileAHostRuns_RunsOnTheHostsPoolAndStopsDoingSoWithTheHost()
    {
        // Dedicated threads, named after their pool, show which pool the static call ran on.
        using var host = HostedConcurrency.Build(new() { ["Concurrency:Backend"] = "threaded", ["Concurrency:ProcessName"] = "static-api", ["Concurrency:Threads"] = "Dedicated" });
        await host.StartAsync().Within();
        var gatherer = host.Services.GetRequiredService<ScatterGatherer>();
        var pool = host.Services.GetRequiredService<ExecutorPools>().ScatterGather;

        var results = await ScatterGather.AllCellsAsync([_databases.Create("ok", "h1")], context => Thread.CurrentThread.Name).Within();
        await host.StopAsync().Within();

        gatherer.IsDefault.Should().BeFalse("the host gave the default back when it stopped");
        ScatterGatherer.Default.Should().NotBeSameAs(gatherer);
        results[0].Value.Should().StartWith("static-api.scatter-gather-", "the static call ran on the host's pool");
        pool.GetStatistics().Executed.Should().Be(1);
        gatherer.GetStatistics().Calls.Should().Be(0, "a static call counts in the process's statistics, not in the gatherer whose settings it used");
    }

    public void Dispose() => _databases.Dispose();

    private static async Task<int> CountHostsAsync(CellContext context) =>
        (await context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct))).Count;
}
