using System.Data.Common;
using Concurrency;
using Microsoft.Data.Sqlite;
using Concurrency.Cells;

namespace CellScheduler;

/// <summary>
/// The per-cell query. SQLite's driver blocks the calling thread (latency is simulated inside the driver by a SQL
/// function that sleeps); Npgsql waits asynchronously (latency is the server's pg_sleep).
/// </summary>
internal static class HostStateQueries
{
    private const string Select = $"SELECT {HostState.Columns} FROM host_states ORDER BY host";

    /// <summary>
    /// The query of a cell of either kind. The blocking driver, on a cooperative loop, holds the loop unless
    /// <paramref name="offload"/> sends it to the loop's offload threads; on threads it holds one worker.
    /// </summary>
    public static Task<List<HostState>> ReadAsync(Cell cell, CellKind kind, TimeSpan latency, bool offload, CancellationToken cancellationToken)
    {
        if (kind == CellKind.Postgres)
        {
            return ReadPostgresAsync(cell, latency, cancellationToken);
        }

        return offload
            ? Offload.RunAsync(_ => ReadSqlite(cell, latency), cancellationToken)
            : Task.FromResult(ReadSqlite(cell, latency));
    }

    public static List<HostState> ReadSqlite(Cell cell, TimeSpan latency)
    {
        using var connection = cell.OpenConnection();
        return ReadSqlite(connection, cell.Name, latency);
    }

    /// <summary>
    /// The web recipe's blocking query: through <see cref="CellContext.Query{T}"/>, so a gather whose options say
    /// <see cref="ScatterGatherOptions.OffloadBlockingQueries"/> sends it to a loop's offload threads (nothing is
    /// offloaded by hand), and runs it in place on threads.
    /// </summary>
    public static List<HostState> ReadSqlite(CellContext context, TimeSpan latency) =>
        context.Query((connection, _) => ReadSqlite(connection, context.Cell.Name, latency));

    /// <summary>The web recipe's asynchronous query: Npgsql waits without a thread, so nothing is offloaded.</summary>
    public static Task<List<HostState>> ReadPostgresAsync(CellContext context, TimeSpan latency) =>
        context.QueryAsync((connection, cancellationToken) => ReadPostgresAsync(connection, context.Cell.Name, latency, cancellationToken));

    private static List<HostState> ReadSqlite(DbConnection opened, string cellName, TimeSpan latency)
    {
        var connection = (SqliteConnection)opened;
        if (latency > TimeSpan.Zero)
        {
            connection.CreateFunction("sleep_ms", (long milliseconds) =>
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(milliseconds));
                return milliseconds;
            });
            using var slow = connection.CreateCommand();
            slow.CommandText = "SELECT sleep_ms($ms)";
            slow.Parameters.AddWithValue("$ms", (long)latency.TotalMilliseconds);
            slow.ExecuteScalar();
        }

        using var command = connection.CreateCommand();
        command.CommandText = Select;
        using var reader = command.ExecuteReader();
        var hosts = new List<HostState>();
        while (reader.Read())
        {
            hosts.Add(Row(reader, cellName));
        }

        return hosts;
    }

    public static async Task<List<HostState>> ReadPostgresAsync(Cell cell, TimeSpan latency, CancellationToken cancellationToken)
    {
        var connection = await cell.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            return await ReadPostgresAsync(connection, cell.Name, latency, cancellationToken);
        }
    }

    private static async Task<List<HostState>> ReadPostgresAsync(DbConnection connection, string cellName, TimeSpan latency, CancellationToken cancellationToken)
    {
        if (latency > TimeSpan.Zero)
        {
            await using var slow = connection.CreateCommand();
            slow.CommandText = $"SELECT pg_sleep({latency.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
            await slow.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hosts = new List<HostState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hosts.Add(Row(reader, cellName));
        }

        return hosts;
    }

    private static HostState Row(DbDataReader reader, string cell) => new(
        reader.GetString(0), cell, reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6));
}
