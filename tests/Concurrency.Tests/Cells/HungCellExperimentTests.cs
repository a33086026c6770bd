using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Tests.Infrastructure.Databases;
using Microsoft.Data.Sqlite;
using Npgsql;
using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Cells;

/// <summary>
/// Nova's production failure, on real servers (issue 14): cells whose server is frozen with SIGSTOP, or whose SQLite
/// file a writer holds, never return, whatever their token says. Without a bulkhead the stragglers took every worker
/// after three gathers and the healthy cells stopped answering; with one, every healthy cell answers every gather,
/// the frozen cells hold a bounded number of workers, and a thawed cell answers again at once.
/// </summary>
public abstract class HungCellExperimentTests(PostgresFixture postgres, BackendUnderTest backend) : IAsyncLifetime
{
    private const int Gathers = 50;

    // Real time for the gathers: a frozen cell's call really waits out this timeout, a healthy one answers in milliseconds.
    private static readonly TimeSpan GatherTimeout = TimeSpan.FromSeconds(2);

    private readonly List<IExecutor> _executors = [];
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly SqliteCells _sqlite = new();
    private readonly ManualTimeProvider _bulkheadClock = new();

    /// <summary>The scatter-gather pool's size on this backend (Nova's 5 threads; the cooperative default).</summary>
    protected abstract int? PoolSize { get; }

    [Fact]
    public async Task AllCellsAsync_TwoOfSixCellsOnAFrozenServer_EveryHealthyCellAnswersEveryGatherAndTheFrozenOnesStayBounded()
    {
        await using var frozenServer = await PostgresServer.StartAsync();
        var healthy = await PostgresCellsAsync(postgres.Server, "healthy1", "healthy2", "healthy3", "healthy4");
        var frozen = await PostgresCellsAsync(frozenServer, "frozen1", "frozen2");
        Cell[] cells = [healthy[0], frozen[0], healthy[1], healthy[2], frozen[1], healthy[3]];
        var executor = Executor();
        var bulkhead = new CellBulkhead(new CellBulkheadOptions { TimeProvider = _bulkheadClock, ProbeInterval = TimeSpan.FromSeconds(5) });
        var options = new ScatterGatherOptions { Executor = executor, Timeout = GatherTimeout, Bulkhead = bulkhead };
        await frozenServer.FreezeAsync();

        var run = await GatherRepeatedlyAsync(cells, options, bulkhead, healthyCount: 4, probeEvery: 10);

        run.AllHealthyAnswered.Should().Be(Gathers, "every healthy cell answers every gather");
        run.MostBusy.Should().BeLessThanOrEqualTo(2 * (bulkhead.MaxLeftRunningPerCell + 1), "the frozen cells hold at most their limit plus one probe each");
        run.MostLeftRunningPerCell.Should().Be(bulkhead.MaxLeftRunningPerCell + 1, "probes reach the cap, and the cap holds across all the gathers");
        bulkhead.GetCellStates().Should().OnlyContain(state => state.IsHung && state.AnsweredAtOnce > 0);

        await frozenServer.ThawAsync();
        await Task.WhenAll(run.LeftRunningEnded).Within();
        var afterThaw = await ScatterGather.AllCellsAsync(cells, ListHostsAsync, options).Within();

        afterThaw.Should().OnlyContain(result => result.Outcome == CellOutcome.Responded, "a thawed cell answers at once, without waiting for a probe");
        bulkhead.GetCellStates().Should().OnlyContain(state => !state.IsHung && state.LeftRunning == 0);
        executor.GetPoolState().BusyWorkers.Should().Be(0);
    }

    [Fact]
    public async Task AllCellsAsync_SqliteCellLockedByAWriter_EveryOtherCellAnswersEveryGather()
    {
        Cell[] cells = [_sqlite.Create("s1", "h1"), _sqlite.Create("locked", "hl"), _sqlite.Create("s2", "h2"), _sqlite.Create("s3", "h3"), _sqlite.Create("s4", "h4")];
        var executor = Executor();
        var bulkhead = new CellBulkhead(new CellBulkheadOptions { TimeProvider = _bulkheadClock });
        var options = new ScatterGatherOptions { Executor = executor, Timeout = GatherTimeout, Bulkhead = bulkhead, OffloadBlockingQueries = true };
        using var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _sqlite.PathOf("locked"), Pooling = false, DefaultTimeout = 1 }.ToString());
        writer.Open();
        using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        int allOthersAnswered = 0;
        var leftRunningEnded = new List<Task>();
        for (int gather = 0; gather < Gathers; gather++)
        {
            var results = await ScatterGather.AllCellsAsync(cells, ReadHostsBlocking, options).Within();
            allOthersAnswered += results.Count(result => result.Cell.Id != "locked" && result.Outcome == CellOutcome.Responded) == 4 ? 1 : 0;
            leftRunningEnded.Add(results.LeftRunningEnded);
        }

        allOthersAnswered.Should().Be(Gathers);
        bulkhead.GetCellStates().Should().ContainSingle().Which.LeftRunning.Should().Be(1, "one call waits on the lock; the others were answered at once");
        using (var rollback = writer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        await Task.WhenAll(leftRunningEnded).Within();
        (await ScatterGather.AllCellsAsync(cells, ReadHostsBlocking, options).Within())
            .Should().OnlyContain(result => result.Outcome == CellOutcome.Responded);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var executor in _executors)
        {
            await executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await backend.StopAsync();
        _sqlite.Dispose();
    }

    private async Task<ExperimentRun> GatherRepeatedlyAsync(Cell[] cells, ScatterGatherOptions options, CellBulkhead bulkhead, int healthyCount, int probeEvery)
    {
        var run = new ExperimentRun();
        for (int gather = 0; gather < Gathers; gather++)
        {
            if (gather > 0 && gather % probeEvery == 0)
            {
                _bulkheadClock.Advance(bulkhead.ProbeInterval);
            }

            var results = await ScatterGather.AllCellsAsync(cells, ListHostsAsync, options).Within();
            run.AllHealthyAnswered += results.Count(result => result.Cell.Name.StartsWith("healthy", StringComparison.Ordinal) && result.Outcome == CellOutcome.Responded) == healthyCount ? 1 : 0;
            run.MostBusy = Math.Max(run.MostBusy, options.Executor!.GetPoolState().BusyWorkers);
            run.MostLeftRunningPerCell = Math.Max(run.MostLeftRunningPerCell, bulkhead.GetCellStates().Select(state => state.LeftRunning).DefaultIfEmpty().Max());
            run.LeftRunningEnded.Add(results.LeftRunningEnded);
        }

        return run;
    }

    private static Task<List<string>> ListHostsAsync(CellContext context) =>
        context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct));

    private static List<string> ReadHostsBlocking(CellContext context) => context.Query((connection, _) => HostQueries.ReadHosts(connection));

    private async Task<Cell[]> PostgresCellsAsync(PostgresServer server, params string[] names)
    {
        var cells = new List<Cell>();
        foreach (var name in names)
        {
            var database = await server.CreateDatabaseAsync(name, $"CREATE TABLE hosts (name text NOT NULL); INSERT INTO hosts VALUES ('{name}-a');");

            // Npgsql's own timeouts are set far past the test, so only the bulkhead decides what a frozen cell costs.
            var dataSource = NpgsqlDataSource.Create($"{server.ConnectionString(database)};Timeout=600;Command Timeout=600");
            _dataSources.Add(dataSource);
            cells.Add(new Cell(database, name, dataSource));
        }

        return [.. cells];
    }

    private IExecutor Executor()
    {
        var executor = backend.Create(new ExecutorOptions { Name = "scatter-gather", MaxWorkers = PoolSize });
        _executors.Add(executor);
        return executor;
    }

    private sealed class ExperimentRun
    {
        public int AllHealthyAnswered { get; set; }

        public int MostBusy { get; set; }

        public int MostLeftRunningPerCell { get; set; }

        public List<Task> LeftRunningEnded { get; } = [];
    }
}

[Collection(PostgresTests.Name)]
public sealed class ThreadedHungCellExperimentTests(PostgresFixture postgres) : HungCellExperimentTests(postgres, new ThreadedUnderTest())
{
    protected override int? PoolSize => 5;
}

[Collection(PostgresTests.Name)]
public sealed class CooperativeHungCellExperimentTests(PostgresFixture postgres) : HungCellExperimentTests(postgres, new CooperativeUnderTest("hung-cells-loop"))
{
    protected override int? PoolSize => null;
}
