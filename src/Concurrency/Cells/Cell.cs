using System.Data.Common;

namespace Concurrency.Cells;

/// <summary>
/// One cell of a split database: an id, a name, and the way to reach its database. Scatter-gather runs one query
/// against many cells at once.
/// </summary>
public sealed class Cell
{
    /// <summary>The id of cell0, the special cell that holds no hosts; <see cref="ScatterGather.ExceptCell0"/> skips it.</summary>
    public const string Cell0Id = "00000000-0000-0000-0000-000000000000";

    private readonly DbDataSource? _dataSource;
    private readonly Func<DbConnection>? _connectionFactory;

    /// <summary>Creates a cell whose database is reached through an ADO.NET data source.</summary>
    /// <param name="id">A unique id; no two cells in one call may share it.</param>
    /// <param name="name">A name for people and logs.</param>
    /// <param name="dataSource">Opens connections to the cell's database.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Cell(string id, string name, DbDataSource dataSource)
        : this(id, name)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource), $"Cell '{id}' needs a data source for its database.");
    }

    /// <summary>Creates a cell whose database is reached through a connection factory.</summary>
    /// <param name="id">A unique id; no two cells in one call may share it.</param>
    /// <param name="name">A name for people and logs.</param>
    /// <param name="connectionFactory">Returns a new, closed connection to the cell's database.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Cell(string id, string name, Func<DbConnection> connectionFactory)
        : this(id, name)
    {
        _connectionFactory = connectionFactory ?? throw new ArgumentNullException(nameof(connectionFactory), $"Cell '{id}' needs a connection factory for its database.");
    }

    private Cell(string id, string name)
    {
        Id = RequireText(id, nameof(id));
        Name = RequireText(name, nameof(name));
    }

    /// <summary>The cell's unique id.</summary>
    public string Id { get; }

    /// <summary>The cell's name.</summary>
    public string Name { get; }

    /// <summary>Whether this is cell0 (its id is <see cref="Cell0Id"/>).</summary>
    public bool IsCell0 => Id == Cell0Id;

    /// <summary>Opens a connection to the cell's database without blocking (when the driver is asynchronous).</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>An open connection the caller disposes.</returns>
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a connection to the cell's database, blocking the calling thread.</summary>
    /// <returns>An open connection the caller disposes.</returns>
    public DbConnection OpenConnection()
    {
        if (_dataSource is not null)
        {
            return _dataSource.OpenConnection();
        }

        var connection = CreateConnection();
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Id})";

    private DbConnection CreateConnection() =>
        _connectionFactory!() ?? throw new InvalidOperationException($"The connection factory of cell {this} returned null; it must return a new connection.");

    private static string RequireText(string value, string parameter)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Cell {parameter} '{value}' is not accepted: use text with at least one visible character.", parameter);
        }

        return value;
    }
}
