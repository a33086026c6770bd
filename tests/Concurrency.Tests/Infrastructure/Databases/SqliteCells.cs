using Microsoft.Data.Sqlite;
using Concurrency.Cells;

namespace Concurrency.Tests.Infrastructure.Databases;

/// <summary>Real SQLite cell databases in a temporary folder, each with a 'hosts' table; deleted on dispose.</summary>
public sealed class SqliteCells : IDisposable
{
    static SqliteCells() => SQLitePCL.Batteries_V2.Init();

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("concurrency-sqlite-");

    /// <summary>The database file of the cell <see cref="Create"/> made with this id.</summary>
    public string PathOf(string id) => Path.Combine(_folder.FullName, $"{id}.db");

    /// <summary>Creates a cell whose database holds the given host names.</summary>
    public Cell Create(string id, params string[] hosts)
    {
        var path = PathOf(id);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE hosts (name TEXT NOT NULL)";
            create.ExecuteNonQuery();
            foreach (var host in hosts)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO hosts (name) VALUES ($name)";
                insert.Parameters.AddWithValue("$name", host);
                insert.ExecuteNonQuery();
            }
        }

        return new Cell(id, $"cell {id}", SqliteFactory.Instance.CreateDataSource(connectionString));
    }

    /// <summary>A cell whose database file does not exist (opened read-only, so it is not created either).</summary>
    public Cell Missing(string id)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder.FullName, $"{id}-missing.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        return new Cell(id, $"cell {id}", () => new SqliteConnection(connectionString));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
