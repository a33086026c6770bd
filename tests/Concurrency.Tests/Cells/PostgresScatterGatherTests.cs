using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Tests.Infrastructure.Databases;
using Npgsql;
using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Cells;

/// <summary>
/// Scatter-gather over real PostgreSQL cell databases through Npgsql, an asynchronous driver, on each backend.
/// A hung cell is a query blocked on a table lock the test holds; the timeout runs on a manual clock.
/// </summary>
public abstract class PostgresScatterGatherTests(PostgresFixture postgres, BackendUnderTest backend) : IAsyncLifetime
{
    private readonly List<IExecutor> _executors = [];
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly ManualTimeProvider _clock = new();
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    private PostgresServer Server => postgres.Server;

    [Fact]
    public async Task AllCellsAsync_PostgresCells_ReturnEachCellsHostsInInputOrder()
    {
        var cells = await CreateCellsAsync("east", "west", "north");

        var results = await ScatterGather.AllCellsAsync(cells, ListHostsAsync, Options(Executor())).Within();

        results.Values.SelectMany(hosts => hosts).Should().Equal("east-a", "east-b", "west-a", "west-b", "north-a", "north-b");
    }

    [Fact]
    public async Task AllCellsAsync_BadSqlAndDroppedDatabase_ReportThoseCellsFailedWhileOthersRespond()
    {
        var cells = await CreateCellsAsync("good", "badsql", "dropped");
        await Server.DropDatabaseAsync(DatabaseOf(cells[2]));

        var results = await ScatterGather.AllCellsAsync(cells, context => context.QueryAsync((connection, ct) =>
            HostQueries.ReadHostsAsync(connection, ct, context.Cell.Name == "badsql" ? "SELEC name FROM hosts" : HostQueries.ListHosts)),
            Options(Executor())).Within();

        results[0].Value.Should().Equal("good-a", "good-b");
        results[1].Exception.Should().BeOfType<PostgresException>().Which.SqlState.Should().Be(PostgresErrorCodes.SyntaxError);
        results[2].Exception.Should().BeOfType<PostgresException>().Which.SqlState.Should().Be(PostgresErrorCodes.InvalidCatalogName);
    }

    [Fact]
    public async Task AllCellsAsync_CellBlockedOnALock_DidNotRespondWhileOthersReturnAndCancellationReachesTheQuery()
    {
        var cells = await CreateCellsAsync("fast1", "hung", "fast2");
        var hungDatabase = DatabaseOf(cells[1]);
        await using var lockHolder = new NpgsqlConnection(Server.ConnectionString(hungDatabase));
        await lockHolder.OpenAsync();
        await using var transaction = await lockHolder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE hosts IN ACCESS EXCLUSIVE MODE", lockHolder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var executor = new ObservedExecutor(Executor());
        var hungQueryEnded = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);

        var gather = ScatterGather.AllCellsAsync(cells, async context =>
        {
            try
            {
                return await ListHostsAsync(context);
            }
            catch (Exception error) when (context.Cell.Name == "hung")
            {
                hungQueryEnded.SetResult(error);
                throw;
            }
        }, Options(executor));
        await Task.WhenAll(executor.Submitted[0], executor.Submitted[2]).Within();
        await WaitUntilBlockedOnLockAsync(hungDatabase).Within();
        _clock.Advance(_timeout);
        var results = await gather.Within();

        results[0].Value.Should().Equal("fast1-a", "fast1-b");
        results[2].Value.Should().Equal("fast2-a", "fast2-b");
        results[1].Outcome.Should().Be(CellOutcome.DidNotRespond);
        results[1].LeftRunning.Should().BeTrue();
        var ended = await hungQueryEnded.Task.Within();
        ended.Should().BeAssignableTo<OperationCanceledException>()
            .Which.InnerException.Should().BeOfType<PostgresException>()
            .Which.SqlState.Should().Be(PostgresErrorCodes.QueryCanceled, "the server itself canceled the query");
        (await CountLockWaitersAsync(hungDatabase)).Should().Be(0);
        await results.LeftRunningEnded.Within();
        executor.GetPoolState().BusyWorkers.Should().Be(0, "no worker is left busy with the hung query");
        executor.GetPoolState().Queued.Should().Be(0);
    }

    [Fact]
    public async Task AllCellsAsync_CellServerStoppedWithSigstop_DidNotRespondThenFinishesAfterSigcont()
    {
        await using var own = await PostgresServer.StartAsync();
        var good = await CreateCellsAsync("steady1", "steady2");
        var frozenDatabase = await own.CreateDatabaseAsync("frozen", "CREATE TABLE hosts (name text NOT NULL); INSERT INTO hosts VALUES ('frozen-a');");
        await using var frozenSource = NpgsqlDataSource.Create(own.ConnectionString(frozenDatabase));
        Cell[] cells = [good[0], new Cell(frozenDatabase, "frozen", frozenSource), good[1]];
        var executor = new ObservedExecutor(Executor());
        var frozenConnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverFrozen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var gather = ScatterGather.AllCellsAsync(cells, async context =>
        {
            if (context.Cell.Name != "frozen")
            {
                return await ListHostsAsync(context);
            }

            // Connected, then the whole cluster is stopped under the open connection before the query is sent.
            var connection = await context.OpenConnectionAsync();
            await using (connection)
            {
                frozenConnected.SetResult();
                await serverFrozen.Task;
                return await HostQueries.ReadHostsAsync(connection, context.CancellationToken);
            }
        }, Options(executor));
        await frozenConnected.Task.Within();
        await own.FreezeAsync();
        serverFrozen.SetResult();
        await Task.WhenAll(executor.Submitted[0], executor.Submitted[2]).Within();
        _clock.Advance(_timeout);
        var results = await gather.Within();

        results[0].Value.Should().Equal("steady1-a", "steady1-b");
        results[2].Value.Should().Equal("steady2-a", "steady2-b");
        results[1].Outcome.Should().Be(CellOutcome.DidNotRespond);
        results[1].LeftRunning.Should().BeTrue();
        executor.GetPoolState().BusyWorkers.Should().Be(1, "the frozen cell's call still holds its worker");
        await own.ThawAsync();
        await results.LeftRunningEnded.Within();
        executor.GetPoolState().BusyWorkers.Should().Be(0, "after SIGCONT the left-over call ends and the pool is idle");
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
    }

    private static Task<List<string>> ListHostsAsync(CellContext context) =>
        context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct));

    private async Task<Cell[]> CreateCellsAsync(params string[] names)
    {
        var cells = new List<Cell>();
        foreach (var name in names)
        {
            var database = await Server.CreateDatabaseAsync(name, $"CREATE TABLE hosts (name text NOT NULL); INSERT INTO hosts VALUES ('{name}-a'), ('{name}-b');");
            var dataSource = NpgsqlDataSource.Create(Server.ConnectionString(database));
            _dataSources.Add(dataSource);
            cells.Add(new Cell(database, name, dataSource));
        }

        return [.. cells];
    }

    private static string DatabaseOf(Cell cell) => cell.Id;

    private IExecutor Executor()
    {
        var executor = backend.Create(new ExecutorOptions { Name = "pg-cells", MaxWorkers = 4 });
        _executors.Add(executor);
        return executor;
    }

    private ScatterGatherOptions Options(IExecutor executor) => new() { Executor = executor, Timeout = _timeout, TimeProvider = _clock };

    // Asks the server, round trip after round trip, until the cell's query is queued behind the lock: no sleeping.
    private async Task WaitUntilBlockedOnLockAsync(string database)
    {
        while (await CountLockWaitersAsync(database) == 0)
        {
        }
    }

    private async Task<long> CountLockWaitersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", connection);
        command.Parameters.AddWithValue(database);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

[Collection(PostgresTests.Name)]
public sealed class ThreadedPostgresScatterGatherTests(PostgresFixture postgres)
    : PostgresScatterGatherTests(postgres, new ThreadedUnderTest());

[Collection(PostgresTests.Name)]
public sealed class CooperativePostgresScatterGatherTests(PostgresFixture postgres)
    : PostgresScatterGatherTests(postgres, new CooperativeUnderTest("pg-cells-loop"));
