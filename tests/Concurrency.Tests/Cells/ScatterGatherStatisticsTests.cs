using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Cells;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStatistics
{
    public const string Name = "Process-wide statistics";
}

/// <summary>
/// Also reads the process-wide counters, so it runs alone; its exact figures come from a gatherer's own counters, which
/// calls left running by earlier tests cannot move.
/// </summary>
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
        var gatherer = new ScatterGatherer(new ScatterGatherOptions { Executor = observed, TimeProvider = clock, Timeout = TimeSpan.FromSeconds(1) });
        var processBefore = ScatterGather.GetStatistics();

        var gather = gatherer.AllCellsAsync(cells, async context =>
        {
            if (context.Cell.Id == "stuck")
            {
                stuckStarted.SetResult();
                await release.Task;
                return 0;
            }

            return (await context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct))).Count;
        });
        await stuckStarted.Task.Within();
        await Task.WhenAll(observed.Submitted[0], observed.Submitted[1].ContinueWith(_ => { })).Within();
        clock.Advance(TimeSpan.FromSeconds(1));
        var results = await gather.Within();
        var atTimeout = gatherer.GetStatistics();
        release.SetResult();
        await results.LeftRunningEnded.Within();
        var after = gatherer.GetStatistics();
        var processAfter = ScatterGather.GetStatistics();

        results.Select(result => result.Outcome).Should().Equal(CellOutcome.Responded, CellOutcome.Failed, CellOutcome.DidNotRespond, CellOutcome.DidNotRespond);
        atTimeout.Should().Be(new ScatterGatherStatistics(Calls: 1, Cells: 4, Responded: 1, Failed: 1, DidNotRespond: 2, LeftRunning: 1, StillRunning: 1));
        after.StillRunning.Should().Be(0);
        after.ToString().Should().StartWith("ScatterGatherStatistics(calls=1, cells=4,");
        processAfter.Calls.Should().BeGreaterThanOrEqualTo(processBefore.Calls + 1, "a gatherer's calls also count in the process's statistics");
        processAfter.Cells.Should().BeGreaterThanOrEqualTo(processBefore.Cells + 4);
    }

    public void Dispose() => _databases.Dispose();
}
