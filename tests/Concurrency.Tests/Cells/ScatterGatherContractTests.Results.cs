using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Microsoft.Data.Sqlite;
using Concurrency.Cells;

namespace Concurrency.Tests.Cells;

public abstract partial class ScatterGatherContractTests
{
    private static readonly string[][] ThreeCellsHosts = [["host-3a", "host-3b"], ["host-1a"], ["host-2a", "host-2b", "host-2c"]];

    [Fact]
    public async Task AllCellsAsync_AsyncQueries_ReturnEachCellsHostsInInputOrder()
    {
        var results = await ScatterGather.AllCellsAsync(ThreeCells(), ListHostsAsync, Options(Executor())).Within();

        results.Select(result => result.Cell.Id).Should().Equal("c3", "c1", "c2");
        results.Should().OnlyContain(result => result.Outcome == CellOutcome.Responded && !result.IsFailure);
        results.Values.Should().BeEquivalentTo(ThreeCellsHosts, o => o.WithStrictOrdering());
        results["c1"].Value.Should().Equal("host-1a");
        results.Failures.Should().BeEmpty();
        results.LeftRunningEnded.IsCompleted.Should().BeTrue();
        Clock.ActiveTimers.Should().Be(0, "the timeout's timer is released as soon as every cell has answered");
    }

    [Fact]
    public async Task AllCellsAsync_BlockingQueries_ReturnEachCellsHostsInInputOrder()
    {
        var results = await ScatterGather.AllCellsAsync(ThreeCells(), ListHosts, Options(Executor())).Within();

        results.Values.Should().BeEquivalentTo(ThreeCellsHosts, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task AllCellsAsync_BlockingQueriesWithOffload_ReturnEachCellsHosts()
    {
        var results = await ScatterGather.AllCellsAsync(ThreeCells(), ListHosts, Options(Executor(), offload: true)).Within();

        results.Values.Should().BeEquivalentTo(ThreeCellsHosts, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task AllCellsAsync_BadSqlAndMissingDatabase_ReportThoseCellsFailedWhileOthersRespond()
    {
        Cell[] cells = [Databases.Create("good", "host-g"), Databases.Create("bad-sql", "host-b"), Databases.Missing("gone")];

        var results = await ScatterGather.AllCellsAsync(cells, context => context.QueryAsync((connection, ct) =>
            HostQueries.ReadHostsAsync(connection, ct, context.Cell.Id == "bad-sql" ? "SELEC name FROM hosts" : HostQueries.ListHosts)),
            Options(Executor())).Within();

        results["good"].Value.Should().Equal("host-g");
        results["bad-sql"].Outcome.Should().Be(CellOutcome.Failed);
        results["bad-sql"].Exception.Should().BeOfType<SqliteException>().Which.Message.Should().Contain("syntax error");
        results["gone"].Exception.Should().BeOfType<SqliteException>().Which.Message.Should().Contain("unable to open database file");
        results.Failures.Select(failure => failure.Cell.Id).Should().Equal("bad-sql", "gone");
        results.CountOf(CellOutcome.Failed).Should().Be(2);
        results.ToString().Should().Be("3 cells: 1 responded, 2 failed, 0 did not respond");
        Logs.Entries.Where(entry => entry.EventId.Id == 101).Select(entry => entry.Message)
            .Should().HaveCount(2).And.Contain(message => message.Contains("cell bad-sql (bad-sql) failed"));
    }

    [Fact]
    public async Task Value_OfAFailedCell_ThrowsNamingTheCellAndTheError()
    {
        var results = await ScatterGather.AllCellsAsync(
            [Databases.Create("broken")], (Func<CellContext, int>)(_ => throw new InvalidOperationException("disk on fire")), Options(Executor())).Within();
        var failed = results["broken"];

        var thrown = FluentActions.Invoking(() => failed.Value).Should().Throw<InvalidOperationException>().Which;

        thrown.Message.Should().Contain("cell broken (broken)").And.Contain("failed with InvalidOperationException: disk on fire");
        thrown.InnerException.Should().BeSameAs(failed.Exception);
        failed.TryGetValue(out _).Should().BeFalse();
        failed.Match(_ => "value", error => error.Message, () => "silent").Should().Be("disk on fire");
        FluentActions.Invoking(() => results["nope"]).Should().Throw<KeyNotFoundException>().WithMessage("*'nope'*broken*");
    }

    [Fact]
    public async Task MatchingCellsAsync_ExceptCell0_NeverQueriesCell0()
    {
        Cell[] cells = [Databases.Create(Cell.Cell0Id), .. ThreeCells()];
        var queried = new System.Collections.Concurrent.ConcurrentBag<string>();

        var results = await ScatterGather.MatchingCellsAsync(cells, ScatterGather.ExceptCell0, context =>
        {
            queried.Add(context.Cell.Id);
            return ListHostsAsync(context);
        }, Options(Executor())).Within();

        results.Select(result => result.Cell.Id).Should().Equal("c3", "c1", "c2");
        queried.Should().NotContain(Cell.Cell0Id);
        results.TryGetResult(Cell.Cell0Id, out _).Should().BeFalse();
    }

    [Fact]
    public async Task MatchingCellsAsync_FilterKeepsNoCell_ReturnsEmptyWithoutSubmitting()
    {
        var executor = Executor();

        var results = await ScatterGather.MatchingCellsAsync([Databases.Create(Cell.Cell0Id)], ScatterGather.ExceptCell0, ListHostsAsync, Options(executor)).Within();

        results.Should().BeEmpty();
        executor.GetStatistics().Executed.Should().Be(0);
    }

    [Fact]
    public async Task SingleCellAsync_OneCell_ReturnsItsResult()
    {
        var result = await ScatterGather.SingleCellAsync(Databases.Create("only", "host-x"), ListHosts, Options(Executor())).Within();

        result.Cell.Id.Should().Be("only");
        result.Value.Should().Equal("host-x");
    }

    [Fact]
    public async Task SuccessfulCellsAsync_OneCellFails_ReturnsTheOtherValuesAndTheFailedCell()
    {
        Cell[] cells = [.. ThreeCells(), Databases.Missing("gone")];

        var results = await ScatterGather.SuccessfulCellsAsync(cells, ListHostsAsync, Options(Executor())).Within();

        results.Values.SelectMany(hosts => hosts).Should().Equal("host-3a", "host-3b", "host-1a", "host-2a", "host-2b", "host-2c");
        results.Responded.Select(result => result.Cell.Id).Should().Equal("c3", "c1", "c2");
        results.FailedCells.Should().ContainSingle().Which.Cell.Id.Should().Be("gone");
        results.IsComplete.Should().BeFalse();
    }

    [Fact]
    public async Task AllCellsAsync_ExecutorShutDown_EveryCellFailsWithTheShutdownException()
    {
        var executor = Executor();
        await executor.ShutdownAsync().Within();

        var results = await ScatterGather.AllCellsAsync(ThreeCells(), ListHostsAsync, Options(executor)).Within();

        results.Should().OnlyContain(result => result.Exception is ExecutorShutdownException);
    }
}
