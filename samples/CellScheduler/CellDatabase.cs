using Concurrency;
using Concurrency.Cells;

namespace CellScheduler;

/// <summary>A cell together with the kind of database behind it, which decides how its query runs.</summary>
internal sealed record CellDatabase(Cell Cell, CellKind Kind, string Where);

internal enum CellKind
{
    /// <summary>An embedded SQLite file: a blocking driver.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server through Npgsql: an asynchronous driver.</summary>
    Postgres,
}
