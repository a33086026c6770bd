using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Cells;

namespace Concurrency.Tests.Cells;

public sealed class CooperativeScatterGatherTests : ScatterGatherContractTests
{
    private readonly CooperativeLoop _loop;

    public CooperativeScatterGatherTests()
        : this(new CooperativeUnderTest("cells-loop"))
    {
    }

    private CooperativeScatterGatherTests(CooperativeUnderTest backend)
        : base(backend) => _loop = backend.Loop;

    private static readonly string[] CellIds = ["c3", "c1", "c2"];

    [Fact]
    public async Task AllCellsAsync_SqliteThroughItsAsynchronousApi_IsReportedAsHoldingTheLoop()
    {
        // Microsoft.Data.Sqlite's async methods run synchronously: this query holds the loop while it counts.
        const string slowCount = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000) SELECT count(*) FROM n";
        Cell[] cells = [Databases.Create("sqlite-async")];

        var results = await ScatterGather.AllCellsAsync(cells, context => context.QueryAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = slowCount;
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }), Options(Executor())).Within();

        results[0].Value.Should().Be(300_000);
        Logs.Entries.Should().Contain(entry => entry.EventId.Id == 108).Which.Message
            .Should().Contain("completed synchronously on 1 cell(s), holding the cooperative loop for").And.Contain(": cell sqlite-async (").And.Contain("OffloadBlockingQueries");
    }

    [Fact]
    public async Task AllCellsAsync_FourCellsHoldTheLoopInOneGather_WarnsOnceNamingEveryCellAndTheTotal()
    {
        const string slowCount = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000) SELECT count(*) FROM n";
        Cell[] cells = [.. Enumerable.Range(1, 4).Select(n => Databases.Create($"held{n}"))];

        var results = await ScatterGather.AllCellsAsync(cells, context => context.QueryAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = slowCount;
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }), Options(Executor())).Within();

        results.Should().OnlyContain(result => !result.IsFailure);
        var warning = Logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 108, "one gather warns once, not once per cell").Which.Message;
        warning.Should().Contain("completed synchronously on 4 cell(s), holding the cooperative loop for").And.Contain("ms in all (longest ");
        foreach (var cell in cells)
        {
            warning.Should().Contain($"{cell.Name} (");
        }
    }

    [Fact]
    public async Task AllCellsAsync_BlockingQueriesWithoutOffload_RunOnTheLoopThread()
    {
        var onLoop = new List<bool>();

        var results = await ScatterGather.AllCellsAsync(ThreeCells(), context =>
        {
            onLoop.Add(_loop.IsOnLoopThread);
            return ListHosts(context);
        }, Options(Executor())).Within();

        results.Should().OnlyContain(result => !result.IsFailure);
        onLoop.Should().Equal(true, true, true);
    }

    [Fact]
    public async Task AllCellsAsync_BlockingQueriesWithOffload_RunOffTheLoopWithTheirCellContext()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<(bool OnLoop, string? Cell)>();

        var results = await ScatterGather.AllCellsAsync(ThreeCells(), context =>
        {
            seen.Add((_loop.IsOnLoopThread, CellContext.Current?.Cell.Id));
            return ListHosts(context);
        }, Options(Executor(), offload: true)).Within();

        results.Values.SelectMany(hosts => hosts).Should().Equal("host-3a", "host-3b", "host-1a", "host-2a", "host-2b", "host-2c");
        seen.Should().HaveCount(3).And.OnlyContain(entry => !entry.OnLoop);
        seen.Select(entry => entry.Cell).Should().BeEquivalentTo(CellIds);
    }
}
