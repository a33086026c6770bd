namespace Concurrency.Cells;

/// <summary>
/// Runs one query against many cell databases at once and waits once, with one total timeout, for all of them.
/// Each cell's outcome is reported separately (value, exception, or did-not-respond); a timeout never throws.
/// </summary>
/// <remarks>
/// <para>The calls run on <see cref="ScatterGatherOptions.Executor"/>, by default the process's
/// <see cref="PoolNames.ScatterGather"/> pool on the selected backend (threaded: 5 workers; cooperative: 1000).</para>
/// <para>Each call gets a fresh <see cref="CellContext"/>, also available as <see cref="CellContext.Current"/>;
/// the caller's AsyncLocal values flow into every call, and nothing a call sets flows back or to another cell.</para>
/// <para>At the timeout, calls still queued are canceled and never run; running calls have their token canceled and
/// are left to finish (see <see cref="CellResult{T}.LeftRunning"/>): they keep their worker until they return, which
/// the pool's state shows. Hand <see cref="CellContext.CancellationToken"/> to the driver so they return promptly.</para>
/// <para>Asynchronous queries (<c>Func&lt;CellContext, Task&lt;T&gt;&gt;</c>) suit asynchronous drivers such as Npgsql.
/// Blocking queries (<c>Func&lt;CellContext, T&gt;</c>) suit synchronous drivers such as SQLite: on the cooperative
/// backend they run one after another on the loop unless <see cref="ScatterGatherOptions.OffloadBlockingQueries"/> is set.</para>
/// <para>Canceling the caller's token cancels every call and throws <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public static class ScatterGather
{
    /// <summary>A filter that keeps every cell except cell0, as Nova's host and instance listings do.</summary>
    /// <param name="cell">A cell.</param>
    /// <returns>False for cell0, true otherwise.</returns>
    public static bool ExceptCell0(Cell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return !cell.IsCell0;
    }

    /// <summary>Counts of every scatter-gather call in this process so far, on every <see cref="ScatterGatherer"/>.</summary>
    /// <returns>A snapshot.</returns>
    public static ScatterGatherStatistics GetStatistics() => CellGather.ProcessCounters.Snapshot();

    /// <inheritdoc cref="ScatterGatherer.AllCellsAsync{T}(IEnumerable{Cell}, Func{CellContext, Task{T}}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<CellResults<T>> AllCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).AllCellsAsync(cells, query, options, cancellationToken);

    /// <inheritdoc cref="ScatterGatherer.AllCellsAsync{T}(IEnumerable{Cell}, Func{CellContext, T}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<CellResults<T>> AllCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).AllCellsAsync(cells, query, options, cancellationToken);

    /// <inheritdoc cref="ScatterGatherer.MatchingCellsAsync{T}(IEnumerable{Cell}, Func{Cell, bool}, Func{CellContext, Task{T}}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<CellResults<T>> MatchingCellsAsync<T>(
        IEnumerable<Cell> cells, Func<Cell, bool> filter, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).MatchingCellsAsync(cells, filter, query, options, cancellationToken);

    /// <inheritdoc cref="ScatterGatherer.MatchingCellsAsync{T}(IEnumerable{Cell}, Func{Cell, bool}, Func{CellContext, T}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<CellResults<T>> MatchingCellsAsync<T>(
        IEnumerable<Cell> cells, Func<Cell, bool> filter, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).MatchingCellsAsync(cells, filter, query, options, cancellationToken);

    /// <inheritdoc cref="ScatterGatherer.SingleCellAsync{T}(Cell, Func{CellContext, Task{T}}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<CellResult<T>> SingleCellAsync<T>(
        Cell cell, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).SingleCellAsync(cell, query, options, cancellationToken);

    /// <inheritdoc cref="ScatterGatherer.SingleCellAsync{T}(Cell, Func{CellContext, T}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<CellResult<T>> SingleCellAsync<T>(
        Cell cell, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).SingleCellAsync(cell, query, options, cancellationToken);

    /// <inheritdoc cref="ScatterGatherer.SuccessfulCellsAsync{T}(IEnumerable{Cell}, Func{CellContext, Task{T}}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<SuccessfulCellResults<T>> SuccessfulCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).SuccessfulCellsAsync(cells, query, options, cancellationToken);

    /// <inheritdoc cref="ScatterGatherer.SuccessfulCellsAsync{T}(IEnumerable{Cell}, Func{CellContext, T}, ScatterGatherOptions?, CancellationToken)"/>
    public static Task<SuccessfulCellResults<T>> SuccessfulCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        ScatterGatherer.ForStaticCall(options).SuccessfulCellsAsync(cells, query, options, cancellationToken);
}
