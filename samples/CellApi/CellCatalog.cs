using CellScheduler;

namespace CellApi;

/// <summary>The service's cells: SQLite files made at start (deleted at stop) and PostgreSQL servers, seeded if empty.</summary>
internal sealed class CellCatalog : IDisposable
{
    private readonly SqliteCellFolder? _folder;

    private CellCatalog(SqliteCellFolder? folder, IReadOnlyList<CellDatabase> cells)
    {
        _folder = folder;
        Cells = cells;
        Kinds = cells.ToDictionary(cell => cell.Cell.Id, cell => cell.Kind);
        AllSqlite = cells.All(cell => cell.Kind == CellKind.Sqlite);
    }

    /// <summary>Every cell except cell0, which holds no hosts.</summary>
    public IReadOnlyList<CellDatabase> Cells { get; }

    /// <summary>Each cell's kind by id, which decides how its query runs.</summary>
    public IReadOnlyDictionary<string, CellKind> Kinds { get; }

    /// <summary>Whether every cell is a blocking SQLite file, so a gather can offload them all (known at start, not per request).</summary>
    public bool AllSqlite { get; }

    public static async Task<CellCatalog> OpenAsync(CellApiOptions options, TextWriter errors)
    {
        var folder = options.SqliteCells > 0 ? SqliteCellFolder.Create(options.SqliteCells, options.HostsPerCell) : null;
        var postgres = await PostgresCells.PrepareAsync(options.Postgres, options.HostsPerCell, options.SqliteCells + 1, errors);
        var cells = (folder?.Cells ?? []).Where(cell => !cell.Cell.IsCell0).Concat(postgres).ToList();
        return new CellCatalog(folder, cells);
    }

    public void Dispose() => _folder?.Dispose();
}
