using System.Data.Common;

namespace Concurrency.Cells;

/// <summary>
/// What one cell's call sees: its cell, its cancellation token, and state of its own. Every cell gets a fresh
/// context (never one shared with the caller or another cell); the caller's ambient state (AsyncLocal values such as
/// a request id) flows in alongside it.
/// </summary>
public sealed class CellContext
{
    private static readonly AsyncLocal<CellContext?> s_current = new();

    internal CellContext(Cell cell, CancellationToken cancellationToken)
    {
        Cell = cell;
        CancellationToken = cancellationToken;
    }

    /// <summary>The context of the cell call running in this async flow; null outside a cell call.</summary>
    public static CellContext? Current => s_current.Value;

    /// <summary>The cell this call targets.</summary>
    public Cell Cell { get; }

    /// <summary>Canceled when the call's timeout expires or its caller cancels; hand it to the database driver.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>State for this cell's call only (a transaction, a cache); starts empty for every cell.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Opens a connection to the cell's database; the caller disposes it.</summary>
    /// <returns>An open connection.</returns>
    public ValueTask<DbConnection> OpenConnectionAsync() => Cell.OpenConnectionAsync(CancellationToken);

    /// <summary>Runs an asynchronous query with a connection opened for it and disposed after it.</summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="query">Receives the open connection and <see cref="CancellationToken"/>.</param>
    /// <returns>The query's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public async Task<T> QueryAsync<T>(Func<DbConnection, CancellationToken, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Resume on the caller's context: on a cooperative loop the query must run on the loop, not a pool thread.
        var connection = await OpenConnectionAsync().ConfigureAwait(true);
        await using (connection.ConfigureAwait(true))
        {
            return await query(connection, CancellationToken).ConfigureAwait(true);
        }
    }

    /// <summary>Runs a blocking query with a connection opened for it and disposed after it.</summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="query">Receives the open connection and <see cref="CancellationToken"/>.</param>
    /// <returns>The query's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public T Query<T>(Func<DbConnection, CancellationToken, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = Cell.OpenConnection();
        return query(connection, CancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => $"CellContext({Cell})";

    internal static CellContext? Enter(CellContext context)
    {
        var previous = s_current.Value;
        s_current.Value = context;
        return previous;
    }

    internal static void Exit(CellContext? previous) => s_current.Value = previous;
}
