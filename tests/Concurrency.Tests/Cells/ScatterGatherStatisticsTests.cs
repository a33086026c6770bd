using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Concurrency.Cells;

namespace Concurrency.Tests.Cells;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStatistics
{
    public const string Name = "Process-wide statistics";
}

/// <summary>Reads the process-wide counters, so it runs alone: no other scatter-gather call moves them meanwhile.</summary>
[Collection(ProcessWideStatistics.Name)]
public sealed class ScatterGatherStatisticsTests : IDisposable
{
    private readonly SqliteCells _databases = new();

    [Fact]
    public async Task GetStatistics_OneCallWithEveryOutcome_CountsEachAndTheWorkLeftRunningUntilItEnds()
    {
        var clock = new ManualTimeProvider();
        await using var executor = ThreadPoolExecutor.Create("stats", maxWorkers: 1);
        Cell[] cells = [_databases.Create("ok", "h"), _databases.Missing("broken"), _databases.Create("stuck"), _databases.Create("waiting")];
        var stuckStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observed = new ObservedExecutor(executor);
        var before = ScatterGather.GetStatistics();

        var gather = ScatterGather.AllCellsAsync(cells, async context =>
        {
            if (context.Cell.Id == "stuck")
            {
                stuckStarted.SetResult();
                await release.Task;
                return 0;
            }

            return (await context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct))).Count;
        }, new ScatterGatherOptions { Executor = observed, TimeProvider = clock, Timeout = TimeSpan.FromSeconds(1) });
        await stuckStarted.Task.Within();
        await Task.WhenAll(observed.Submitted[0], observed.Submitted[1].ContinueWith(_ => { })).Within();
        clock.Advance(TimeSpan.FromSeconds(1));
        var results = await gather.Within();
        var atTimeout = ScatterGather.GetStatistics();
        release.SetResult();
        await results.LeftRunningEnded.Within();
        var after = ScatterGather.GetStatistics();

        results.Select(result => result.Outcome).Should().Equal(CellOutcome.Responded, CellOutcome.Failed, CellOutcome.DidNotRespond, CellOutcome.DidNotRespond);
        (atTimeout with { StillRunning = 0 }).Should().Be(new ScatterGatherStatistics(
            before.Calls + 1, before.Cells + 4, before.Responded + 1, before.Failed + 1, before.DidNotRespond + 2, before.LeftRunning + 1, 0, before.ReportingFailures, before.AnsweredAtOnce, before.SynchronousQueries));
        atTimeout.StillRunning.Should().Be(before.StillRunning + 1);
        after.StillRunning.Should().Be(before.StillRunning);
        after.ToString().Should().StartWith("ScatterGatherStatistics(calls=");
    }

    public void Dispose() => _databases.Dispose();
}
