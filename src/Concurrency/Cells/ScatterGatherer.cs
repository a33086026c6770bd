using Microsoft.Extensions.Logging.Abstractions;

namespace Concurrency.Cells;

/// <summary>
/// Scatter-gather bound to settings: the executor (a scatter-gather pool), the logger, the default timeout and the
/// metrics every call uses unless its own options set them, with statistics of its own. <c>AddConcurrency</c>
/// registers one bound to the host's configured pool and logger; <see cref="ScatterGather"/>'s static methods run on
/// <see cref="Default"/>.
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
public sealed class ScatterGatherer
{
    private static readonly ScatterGatherer s_process = new(new ScatterGatherOptions(), CellGather.ProcessCounters);
    private static ScatterGatherer? s_default;

    private readonly ScatterGatherCounters _counters;

    // This instance's settings with the process's counters: what static calls run on while it is the default.
    private readonly Lazy<ScatterGatherer> _forStaticCalls;

    /// <summary>Binds scatter-gather to settings that every call of this instance uses unless its own options set them.</summary>
    /// <param name="options">The executor, logger, timeout, clock, metrics, bulkhead and offloading; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ScatterGatherer(ScatterGatherOptions options)
        : this(new ScatterGatherOptions(options ?? throw new ArgumentNullException(nameof(options)) ), new ScatterGatherCounters(CellGather.ProcessCounters))
    {
    }

    private ScatterGatherer(ScatterGatherOptions options, ScatterGatherCounters counters)
    {
        Options = options;
        _counters = counters;
        _forStaticCalls = new(() => new ScatterGatherer(options, CellGather.ProcessCounters));
    }

    /// <summary>
    /// The settings <see cref="ScatterGather"/>'s static methods start from: the gatherer a host made default
    /// (<c>AddConcurrency</c> does, while the host runs), otherwise one on <see cref="ExecutorPools.Shared"/>'s
    /// scatter-gather pool with no logger. Only static calls that leave the executor to the default take its settings;
    /// they count in <see cref="ScatterGather.GetStatistics"/>, not in the default gatherer's own statistics.
    /// </summary>
    public static ScatterGatherer Default => Volatile.Read(ref s_default) ?? s_process;

    /// <summary>
    /// What a static call runs on: <see cref="Default"/>'s settings and the process's counters when the call leaves
    /// the executor to the default; a call that names its executor takes nothing from a host.
    /// </summary>
    internal static ScatterGatherer ForStaticCall(ScatterGatherOptions? call) =>
        call?.Executor is null && Volatile.Read(ref s_default) is { } host ? host._forStaticCalls.Value : s_process;

    /// <summary>Whether this instance is <see cref="Default"/> now.</summary>
    public bool IsDefault => ReferenceEquals(Volatile.Read(ref s_default), this);

    /// <summary>The settings every call of this instance starts from (a copy; changing it changes nothing).</summary>
    public ScatterGatherOptions Options { get; }

    /// <summary>
    /// Makes this instance <see cref="Default"/> until the result is disposed, unless another already is: the first
    /// host of a process wins, and code without dependency injection then logs and runs where the host does.
    /// </summary>
    /// <returns>Disposing it makes the default the process's fallback again, if this instance still is the default.</returns>
    public IDisposable BecomeDefault()
    {
        bool installed = Interlocked.CompareExchange(ref s_default, this, null) is null;
        return new DefaultScope(installed ? this : null);
    }

    /// <summary>Counts of this instance's calls so far (they also count in <see cref="ScatterGather.GetStatistics"/>).</summary>
    /// <returns>A snapshot.</returns>
    public ScatterGatherStatistics GetStatistics() => _counters.Snapshot();

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
    public Task<CellResults<T>> AllCellsAsync<T>(
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
    public Task<CellResults<T>> AllCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(CellSet.Validate(cells, nameof(cells)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken);

    /// <summary>Runs an asynchronous query against the cells a filter keeps, such as <see cref="ScatterGather.ExceptCell0"/>.</summary>
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
    public Task<CellResults<T>> MatchingCellsAsync<T>(
        IEnumerable<Cell> cells, Func<Cell, bool> filter, Func<CellContext, Task<T>> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(CellSet.Filter(CellSet.Validate(cells, nameof(cells)), filter, nameof(filter)), CellQuery<T>.Of(query, nameof(query)), options, cancellationToken);

    /// <summary>Runs a blocking query against the cells a filter keeps, such as <see cref="ScatterGather.ExceptCell0"/>.</summary>
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
    public Task<CellResults<T>> MatchingCellsAsync<T>(
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
    public Task<CellResult<T>> SingleCellAsync<T>(
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
    public Task<CellResult<T>> SingleCellAsync<T>(
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
    public Task<SuccessfulCellResults<T>> SuccessfulCellsAsync<T>(
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
    public Task<SuccessfulCellResults<T>> SuccessfulCellsAsync<T>(
        IEnumerable<Cell> cells, Func<CellContext, T> query, ScatterGatherOptions? options = null, CancellationToken cancellationToken = default) =>
        SuccessfulAsync(AllCellsAsync(cells, query, options, cancellationToken));

    // Arguments are checked before these awaits, so bad input throws at the call, not from the Task.
    private static async Task<CellResult<T>> FirstAsync<T>(Task<CellResults<T>> gather) => (await gather.ConfigureAwait(Core.Simulated.Captures))[0];

    private static async Task<SuccessfulCellResults<T>> SuccessfulAsync<T>(Task<CellResults<T>> gather) => new(await gather.ConfigureAwait(Core.Simulated.Captures));

    private Task<CellResults<T>> RunAsync<T>(
        IReadOnlyList<Cell> cells, CellQuery<T> query, ScatterGatherOptions? options, CancellationToken cancellationToken) =>
        cells.Count == 0
            ? Task.FromResult(new CellResults<T>([], Task.CompletedTask))
            : CellGather.RunAsync(cells, query, Resolve(options), cancellationToken);

    /// <summary>The settings of one call: its own where it sets them, this instance's where it does not.</summary>
    private CellGather.Settings Resolve(ScatterGatherOptions? call)
    {
        var mine = Options;
        return new CellGather.Settings(
            call?.Executor ?? mine.Executor ?? ExecutorPools.Shared.ScatterGather,
            call?.Logger ?? mine.Logger ?? NullLogger.Instance,
            call is { TimeoutIsSet: true } ? call.Timeout : mine.Timeout,
            call is { TimeProviderIsSet: true } ? call.TimeProvider : Core.Simulated.Clock(mine.TimeProviderIsSet ? mine.TimeProvider : null),
            call?.Metrics ?? mine.Metrics ?? ScatterGatherMetrics.Shared,
            call?.Bulkhead ?? mine.Bulkhead,
            call?.OffloadBlockingQueries == true || mine.OffloadBlockingQueries,
            call?.KeyByCell == true || mine.KeyByCell,
            _counters);
    }

    /// <summary>Gives the default back when disposed, once.</summary>
    private sealed class DefaultScope(ScatterGatherer? installed) : IDisposable
    {
        private ScatterGatherer? _installed = installed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _installed, null) is { } gatherer)
            {
                Interlocked.CompareExchange(ref s_default, null, gatherer);
            }
        }
    }
}
