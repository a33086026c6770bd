using CellScheduler;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;

namespace Concurrency.Tests.Samples;

/// <summary>The main job, run in-process exactly as the README's first command runs it.</summary>
public sealed class CellSchedulerTests
{
    internal static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await SchedulerApp.RunAsync(args, output, errors).Within();
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task RunAsync_NoArguments_GathersEveryCellsHostsAndPrintsThePoolLines()
    {
        var (exit, output, errors) = await RunAsync();

        exit.Should().Be(0, errors);
        output.Should().Contain("cells: 8 SQLite in").And.Contain("cell0 skipped");
        for (var cell = 1; cell <= 8; cell++)
        {
            output.Should().Contain($"cell{cell} (").And.Contain($"compute-{cell:00}-005");
        }

        output.Should().NotContain("cell0 (");
        output.Should().MatchRegex(@"gathered 40 hosts from 8 cells in \d+ ms: 8 responded, 0 failed, 0 did not respond");
        output.Should().MatchRegex(@"Stats of scatter-gather executor: ExecutorStatistics\(failures=0, executed=8, runtime=[\d.]+, cancelled=0\)");
        output.Should().MatchRegex(@"State of scatter-gather (CooperativeExecutor|ThreadPoolExecutor): max_workers: \d+, workers: \d+, idle workers: \d+, queued: 0");
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Cooperative, "CooperativeExecutor: max_workers: 1000")]
    [InlineData(ConcurrencyBackend.Threaded, "ThreadPoolExecutor: max_workers: 256")]
    public async Task RunAsync_BackendOption_RunsOnThatBackend(string backend, string stateLine)
    {
        var (exit, output, _) = await RunAsync("--backend", backend, "--cells", "3", "--latency", "0");

        exit.Should().Be(0);
        output.Should().Contain($"backend: {backend} (from --backend)").And.Contain(stateLine);
    }

    [Fact]
    public async Task RunAsync_Compare_PrintsOneRowPerModeInOneTable()
    {
        var (exit, output, _) = await RunAsync("--compare", "--cells", "4", "--hosts", "2", "--latency", "5");

        exit.Should().Be(0);
        output.Should().MatchRegex(@"cooperative\s+cooperative\s+1000\s+4/4\s+8\s+[\d.]+\s+-?[\d.]+");
        output.Should().MatchRegex(@"cooperative \+ offload\s+cooperative\s+1000\s+4/4\s+8");
        output.Should().MatchRegex(@"threaded\s+threaded\s+256\s+4/4\s+8");
        output.Should().Contain("offload as each row says").And.NotContain("offload off");
    }

    [Fact]
    public async Task RunAsync_CellsSlowerThanTheTimeout_ReportsThemAndExits1()
    {
        // 3 s per query: the 0.05 s deadline passes while the first cell still runs, even where timers fire late under load.
        var (exit, output, _) = await RunAsync("--backend", "threaded", "--workers", "1", "--cells", "2", "--latency", "3000", "--timeout", "0.05");

        exit.Should().Be(1);
        output.Should().Contain("cell2 (").And.Contain("did not respond within the timeout (its call was still queued and never ran)");
        output.Should().Contain("0 responded, 0 failed, 2 did not respond");
    }

    [Theory]
    [InlineData("--cells", "0", "--cells '0' is not accepted: use a whole number from 1 to 1000")]
    [InlineData("--latency", "-5", "--latency '-5' is not accepted")]
    [InlineData("--timeout", "0", "--timeout '0' is not accepted: use a number of seconds above 0")]
    [InlineData("--backend", "green", "--backend 'green' is not accepted: use cooperative or threaded")]
    [InlineData("--workers", "many", "--workers 'many' is not accepted")]
    [InlineData("--frobnicate", null, "unknown option '--frobnicate'")]
    [InlineData("--hosts", null, "option --hosts needs a value")]
    [InlineData("--postgres", "Host=;;=", "--postgres 'Host=;;=' is not accepted")]
    public async Task RunAsync_BadOption_PrintsOneLineAndTheUsageAndExits2(string option, string? value, string message)
    {
        var (exit, output, errors) = await RunAsync(value is null ? [option] : [option, value]);

        exit.Should().Be(2);
        output.Should().BeEmpty();
        errors.Should().StartWith($"error: {message}").And.Contain("usage: CellScheduler");
    }

    [Fact]
    public async Task RunAsync_Help_PrintsTheUsageAndExits0()
    {
        var (exit, output, _) = await RunAsync("--help");

        exit.Should().Be(0);
        output.Should().StartWith("usage: CellScheduler");
    }
}

[Collection(PostgresTests.Name)]
public sealed class CellSchedulerPostgresTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RunAsync_PostgresCell_GathersItAlongsideTheSqliteCells()
    {
        var database = await postgres.Server.CreateDatabaseAsync("scheduler");

        var (exit, output, errors) = await CellSchedulerTests.RunAsync("--cells", "2", "--hosts", "2", "--postgres", postgres.Server.ConnectionString(database));

        exit.Should().Be(0, errors);
        output.Should().Contain("cells: 2 SQLite in").And.Contain("1 PostgreSQL");
        output.Should().Contain($"pg-{database} (pg:127.0.0.1:{postgres.Server.Port}/{database}): 2 hosts").And.Contain("compute-03-002");
        output.Should().Contain("gathered 6 hosts from 3 cells");
    }

    [Fact]
    public async Task RunAsync_PostgresServerDown_ShowsThatCellFailedBesideTheOthers()
    {
        int closedPort = PostgresServer.FreePort();

        var (exit, output, errors) = await CellSchedulerTests.RunAsync("--cells", "2", "--hosts", "2", "--timeout", "30", "--postgres", $"Host=127.0.0.1;Port={closedPort};Database=gone;Username=nobody;Timeout=5");

        exit.Should().Be(1, "a cell failed");
        errors.Should().Contain($"PostgreSQL cell pg-gone (127.0.0.1:{closedPort}/gone) could not be seeded");
        output.Should().Contain("gathered 4 hosts from 3 cells").And.Contain("1 failed");
    }
}
