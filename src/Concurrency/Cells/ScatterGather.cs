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

    /// <summary>Counts of every scatter-gather call in this process so far.</summary>
    /// <returns>A snapshot.</returns>
    public static ScatterGatherStatistics GetStatistics() => CellGather.Counters.Snapshot();

    /// <summary>Runs an asynchronous query against every cell.</summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="cells">The cells, with unique ids; results keep this order.</param>
    /// <param name="query">Called once per cell with that cell's fresh context.</param>
    /// <param name="options">Timeout, executor, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole call.</param>
    /// <returns>One result per cell, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/>, a cell, or <paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cells"/> is empty or has duplicate ids.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<CellResults<T>> AllCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(CellSet.Validate(cells, nameof(cells)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken);

    /// <summary>Runs a blocking query (a synchronous driver) against every cell.</summary>
    /// <typeparam name="T">The query's result; not a Task (pass an asynchronous query for that).</typeparam>
    /// <param name="cells">The cells, with unique ids; results keep this order.</param>
    /// <param name="query">Called once per cell with that cell's fresh context.</param>
    /// <param name="options">Timeout, executor, offloading, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole call.</param>
    /// <returns>One result per cell, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/>, a cell, or <paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cells"/> is empty or has duplicate ids, or <typeparamref name="T"/> is awaitable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<CellResults<T>> AllCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(CellSet.Validate(cells, nameof(cells)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken);

    /// <summary>Runs an asynchronous query against the cells a filter keeps, such as <see cref="ExceptCell0"/>.</summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="cells">The cells, with unique ids; results keep this order.</param>
    /// <param name="filter">Keeps the cells to query; a filter that keeps none gives an empty result.</param>
    /// <param name="query">Called once per kept cell with that cell's fresh context.</param>
    /// <param name="options">Timeout, executor, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole call.</param>
    /// <returns>One result per kept cell, in input order.</returns>
    /// <exception cref="ArgumentNullException">An argument other than options, or a cell, is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cells"/> is empty or has duplicate ids.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<CellResults<T>> MatchingCellsAsync<T>(
        IEnumerable<Cell> cells, Func<Cell, bool> filter, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(CellSet.Filter(CellSet.Validate(cells, nameof(cells)), filter, nameof(filter)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken);

    /// <summary>Runs a blocking query against the cells a filter keeps, such as <see cref="ExceptCell0"/>.</summary>
    /// <typeparam name="T">The query's result; not a Task.</typeparam>
    /// <param name="cells">The cells, with unique ids; results keep this order.</param>
    /// <param name="filter">Keeps the cells to query; a filter that keeps none gives an empty result.</param>
    /// <param name="query">Called once per kept cell with that cell's fresh context.</param>
    /// <param name="options">Timeout, executor, offloading, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole call.</param>
    /// <returns>One result per kept cell, in input order.</returns>
    /// <exception cref="ArgumentNullException">An argument other than options, or a cell, is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cells"/> is empty or has duplicate ids, or <typeparamref name="T"/> is awaitable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<CellResults<T>> MatchingCellsAsync<T>(
        IEnumerable<Cell> cells, Func<Cell, bool> filter, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(CellSet.Filter(CellSet.Validate(cells, nameof(cells)), filter, nameof(filter)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken);

    /// <summary>Runs an asynchronous query against one cell, with the same timeout and reporting rules.</summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="cell">The cell.</param>
    /// <param name="query">Called with the cell's fresh context.</param>
    /// <param name="options">Timeout, executor, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cell's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cell"/> or <paramref name="query"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<CellResult<T>> SingleCellAsync<T>(
        Cell cell, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        FirstAsync(RunAsync(CellSet.Single(cell, nameof(cell)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken));

    /// <summary>Runs a blocking query against one cell, with the same timeout and reporting rules.</summary>
    /// <typeparam name="T">The query's result; not a Task.</typeparam>
    /// <param name="cell">The cell.</param>
    /// <param name="query">Called with the cell's fresh context.</param>
    /// <param name="options">Timeout, executor, offloading, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cell's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cell"/> or <paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is awaitable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<CellResult<T>> SingleCellAsync<T>(
        Cell cell, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        FirstAsync(RunAsync(CellSet.Single(cell, nameof(cell)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken));

    /// <summary>Runs an asynchronous query against every cell and keeps the values of the cells that responded.</summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="cells">The cells, with unique ids; values keep this order.</param>
    /// <param name="query">Called once per cell with that cell's fresh context.</param>
    /// <param name="options">Timeout, executor, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole call.</param>
    /// <returns>The values, and the cells that failed or did not respond.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/>, a cell, or <paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cells"/> is empty or has duplicate ids.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<SuccessfulCellResults<T>> SuccessfulCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        SuccessfulAsync(AllCellsAsync(cells, query, options, cancellationToken));

    /// <summary>Runs a blocking query against every cell and keeps the values of the cells that responded.</summary>
    /// <typeparam name="T">The query's result; not a Task.</typeparam>
    /// <param name="cells">The cells, with unique ids; values keep this order.</param>
    /// <param name="query">Called once per cell with that cell's fresh context.</param>
    /// <param name="options">Timeout, executor, offloading, clock and logger; null takes the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole call.</param>
    /// <returns>The values, and the cells that failed or did not respond.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/>, a cell, or <paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cells"/> is empty or has duplicate ids, or <typeparamref name="T"/> is awaitable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<SuccessfulCellResults<T>> SuccessfulCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        SuccessfulAsync(AllCellsAsync(cells, query, options, cancellationToken));

    // Arguments are checked before these awaits, so bad input throws at the call, not from the Task.
    private static async Task<CellResult<T>> FirstAsync<T>(Task<CellResults<T>> gather) => (await gather.ConfigureAwait(false))[0];

    private static async Task<SuccessfulCellResults<T>> SuccessfulAsync<T>(Task<CellResults<T>> gather) => new(await gather.ConfigureAwait(false));

    private static Task<CellResults<T>> RunAsync<T>(
        IReadOnlyList<Cell> cells, CellQuery<T> query, ScatterGatherOptions? options, CancellationToken cancellationToken) =>
        cells.Count == 0
            ? Task.FromResult(new CellResults<T>([], Task.CompletedTask))
            : CellGather.RunAsync(cells, query, options ?? new ScatterGatherOptions(), cancellationToken);
}
