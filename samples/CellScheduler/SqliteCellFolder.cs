using Concurrency;
using Microsoft.Data.Sqlite;
using Concurrency.Cells;

namespace CellScheduler;

/// <summary>SQLite cell databases (cell0 plus N cells of hosts) in a temporary folder, deleted on dispose.</summary>
internal sealed class SqliteCellFolder : IDisposable
{
    static SqliteCellFolder() => SQLitePCL.Batteries_V2.Init();

    private SqliteCellFolder(DirectoryInfo folder, IReadOnlyList<CellDatabase> cells)
    {
        Folder = folder;
        Cells = cells;
    }

    public DirectoryInfo Folder { get; }

    public IReadOnlyList<CellDatabase> Cells { get; }

    public static SqliteCellFolder Create(int cells, int hostsPerCell)
    {
        var folder = Directory.CreateTempSubdirectory("cell-scheduler-");
        var databases = new List<CellDatabase> { Open(folder, Cell.Cell0Id, "cell0") };
        for (var number = 1; number <= cells; number++)
        {
            var id = $"{number:00000000}-0000-4000-8000-{number:000000000000}";
            var database = Open(folder, id, $"cell{number}");
            Seed(database, number, hostsPerCell);
            databases.Add(database);
        }

        return new SqliteCellFolder(folder, databases);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Folder.Delete(recursive: true);
    }

    private static CellDatabase Open(DirectoryInfo folder, string id, string name)
    {
        var path = Path.Combine(folder.FullName, $"{name}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        return new CellDatabase(new Cell(id, name, SqliteFactory.Instance.CreateDataSource(connectionString)), CellKind.Sqlite, path);
    }

    private static void Seed(CellDatabase database, int number, int hosts)
    {
        using var connection = (SqliteConnection)database.Cell.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = HostState.CreateTable;
            create.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO host_states ({HostState.Columns}) VALUES ($host, $vcpus, $used, $memory, $free, $disk, $vms)";
        for (var index = 0; index < hosts; index++)
        {
            var host = HostState.Generate(database.Cell.Name, number, index);
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$host", host.Host);
            insert.Parameters.AddWithValue("$vcpus", host.VcpusTotal);
            insert.Parameters.AddWithValue("$used", host.VcpusUsed);
            insert.Parameters.AddWithValue("$memory", host.MemoryMbTotal);
            insert.Parameters.AddWithValue("$free", host.MemoryMbFree);
            insert.Parameters.AddWithValue("$disk", host.DiskGbFree);
            insert.Parameters.AddWithValue("$vms", host.RunningVms);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
