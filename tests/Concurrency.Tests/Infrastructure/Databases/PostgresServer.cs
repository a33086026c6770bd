using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Concurrency.Tests.Infrastructure.Databases;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb in a temporary folder, started with pg_ctl on 127.0.0.1 and a free port,
/// stopped and deleted on dispose. As root it runs as the 'postgres' account, since the server refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceAccount = "postgres";
    private readonly string _bin;
    private readonly string _folder;
    private int _databases;
    private bool _stopped;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The postmaster's process id, for tests that stop and continue this server (and nothing else).</summary>
    public int ProcessId { get; private set; }

    private string DataDirectory => Path.Combine(_folder, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = PostgresBinaries.FindDirectory();
        var folder = Directory.CreateTempSubdirectory("concurrency-pg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The server runs as its own account, which must reach the folder.
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }
        try
        {
            var server = new PostgresServer(bin, folder, FreePort());
            await server.RunAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            await server.RunAsync(
                "pg_ctl", "start", "-w", "-t", "60", "-D", server.DataDirectory, "-l", Path.Combine(folder, "server.log"),
                "-o", $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {folder} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200");
            server.ProcessId = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            return server;
        }
        catch (Exception error)
        {
            var log = Path.Combine(folder, "server.log");
            var printed = File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
            Directory.Delete(folder, recursive: true);
            throw new InvalidOperationException($"The test PostgreSQL server could not start: {error.Message}{Environment.NewLine}{printed}", error);
        }
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Timeout = 30,
            CancellationTimeout = 5_000,
        }.ConnectionString;

    /// <summary>Creates a database with a unique name and runs setup SQL in it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, string? setupSql = null)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync("postgres", $"CREATE DATABASE {name}");
        if (setupSql is not null)
        {
            await ExecuteAsync(name, setupSql);
        }

        return name;
    }

    public Task DropDatabaseAsync(string name) => ExecuteAsync("postgres", $"DROP DATABASE {name} WITH (FORCE)");

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The postmaster and its children: the only processes <see cref="FreezeAsync"/> ever signals.</summary>
    public IReadOnlyList<int> ClusterProcessIds()
    {
        var children = Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture))
            .Where(pid => ParentOf(pid) == ProcessId);
        return [ProcessId, .. children];
    }

    /// <summary>Stops the whole cluster with SIGSTOP, as a hung database server looks to its clients.</summary>
    public async Task FreezeAsync()
    {
        _stopped = true;
        await SignalAsync("-STOP");
    }

    /// <summary>Lets the cluster run again with SIGCONT.</summary>
    public async Task ThawAsync()
    {
        await SignalAsync("-CONT");
        _stopped = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            await ThawAsync();
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", "stop", "-w", "-t", "60", "-m", "immediate", "-D", DataDirectory);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<string> RunAsync(string program, params string[] arguments)
    {
        var path = Path.Combine(_bin, program);
        return Environment.IsPrivilegedProcess
            ? ProcessRunner.RunAsync("runuser", ["-u", ServiceAccount, "--", path, .. arguments])
            : ProcessRunner.RunAsync(path, arguments);
    }

    private async Task SignalAsync(string signal)
    {
        foreach (var pid in ClusterProcessIds())
        {
            await ProcessRunner.RunAsync("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
