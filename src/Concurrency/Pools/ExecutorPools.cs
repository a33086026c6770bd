using System.Collections.Concurrent;
using Concurrency.Cells;

namespace Concurrency;

/// <summary>
/// Named executors on one backend, created on first use and shut down together, as Nova's services keep
/// <c>default</c> and <c>scatter-gather</c> pools. Each executor is named <c>{process}.{pool}</c>.
/// </summary>
/// <remarks>
/// <see cref="Shared"/> is the process's set, on <see cref="ConcurrencyBackend.Current"/>; a service that wants its
/// own lifetime or sizes creates an instance. Sizes come from <see cref="ExecutorPoolsOptions.PoolSizes"/>, else from
/// the backend (threaded: 256; cooperative: 1000).
/// </remarks>
public sealed class ExecutorPools : IAsyncDisposable
{
    private static readonly Lazy<ExecutorPools> s_shared = new(() => new ExecutorPools(ConcurrencyBackend.Current));

    private readonly ConcurrentDictionary<string, Lazy<IExecutor>> _pools = new(StringComparer.Ordinal);
    private readonly ExecutorPoolsOptions _options;
    private readonly Dictionary<string, int> _sizes;
    private readonly Lock _gate = new();
    private Task? _shutdown;

    /// <summary>Creates an empty set of pools on a backend.</summary>
    /// <param name="backend">The backend every pool runs on.</param>
    /// <param name="options">Names, sizes and clock; null takes the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="backend"/> is null.</exception>
    /// <exception cref="ArgumentException">A pool name in the sizes is not accepted.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A pool size is outside 1 to <see cref="ExecutorOptions.MaxWorkersLimit"/>.</exception>
    public ExecutorPools(ExecutorBackend backend, ExecutorPoolsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Backend = backend;
        _options = options ?? new ExecutorPoolsOptions();
        _sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (pool, size) in _options.PoolSizes)
        {
            ValidatePoolName(pool);
            if (size is < 1 or > ExecutorOptions.MaxWorkersLimit)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options), size, $"Size {size} of pool '{pool}' is not accepted: use 1 to {ExecutorOptions.MaxWorkersLimit}.");
            }

            _sizes[pool] = size;
        }
    }

    /// <summary>The process's pools on <see cref="ConcurrencyBackend.Current"/>, created on first use.</summary>
    /// <exception cref="BackendSelectionException">The backend cannot be selected.</exception>
    public static ExecutorPools Shared => s_shared.Value;

    /// <summary>The backend every pool runs on.</summary>
    public ExecutorBackend Backend { get; }

    /// <summary>The <see cref="PoolNames.Default"/> executor.</summary>
    public IExecutor Default => Get(PoolNames.Default);

    /// <summary>The <see cref="PoolNames.ScatterGather"/> executor.</summary>
    public IExecutor ScatterGather => Get(PoolNames.ScatterGather);

    /// <summary>The pools created so far, by pool name.</summary>
    public IReadOnlyDictionary<string, IExecutor> Created =>
        _pools.Where(pool => pool.Value.IsValueCreated).ToDictionary(pool => pool.Key, pool => pool.Value.Value, StringComparer.Ordinal);

    /// <summary>Gets the pool with a name, creating it on first use.</summary>
    /// <param name="pool">Lowercase letters, digits, dashes and underscores, such as <c>long_task</c>.</param>
    /// <returns>The pool's executor, owned by this set.</returns>
    /// <exception cref="ArgumentException">The name is not accepted.</exception>
    /// <exception cref="ExecutorShutdownException">The pools have been shut down.</exception>
    public IExecutor Get(string pool)
    {
        ValidatePoolName(pool);
        if (_pools.TryGetValue(pool, out var existing) && existing.IsValueCreated)
        {
            return existing.Value;
        }

        lock (_gate)
        {
            if (_shutdown is not null)
            {
                throw new ExecutorShutdownException($"Pool '{pool}' cannot be created: the pools of {_options.ProcessName} have been shut down.");
            }

            return _pools.GetOrAdd(pool, name => new Lazy<IExecutor>(() => CreatePool(name))).Value;
        }
    }

    /// <summary>The worker limit a pool has, or will have when it is created.</summary>
    /// <param name="pool">The pool's name.</param>
    /// <returns>The configured size, else the backend's default for that pool.</returns>
    /// <exception cref="ArgumentException">The name is not accepted.</exception>
    public int GetPoolSize(string pool)
    {
        ValidatePoolName(pool);
        return _sizes.TryGetValue(pool, out var size) ? size : Backend.GetDefaultPoolSize(pool);
    }

    /// <summary>Shuts every created pool down; later <see cref="Get"/> calls are refused. Idempotent.</summary>
    /// <param name="mode">Whether queued work in every pool still runs or is canceled.</param>
    /// <returns>A Task that completes when every pool has shut down; not awaiting it shuts down without waiting.</returns>
    public Task ShutdownAllAsync(ShutdownMode mode = ShutdownMode.Drain)
    {
        IExecutor[] pools;
        lock (_gate)
        {
            pools = [.. _pools.Values.Where(pool => pool.IsValueCreated).Select(pool => pool.Value)];
            _shutdown = Task.WhenAll(pools.Select(pool => pool.ShutdownAsync(mode)));
        }

        return _shutdown;
    }

    /// <summary>Shuts every created pool down and waits for their work to end.</summary>
    /// <returns>A ValueTask that completes when every pool has shut down.</returns>
    public ValueTask DisposeAsync() => new(ShutdownAllAsync());

    /// <summary>
    /// What every created pool is doing, in the statistics lines operators know, or as a table; the backend's own
    /// pools (the cooperative loop's offload pool) follow the named ones.
    /// </summary>
    /// <returns>A snapshot, one entry per pool: the named pools in name order, then the backend's.</returns>
    public PoolsReport GetReport() => new(
        [.. Created.OrderBy(pool => pool.Key, StringComparer.Ordinal)
            .Select(pool => Report(pool.Key, Backend.ExecutorTypeName, pool.Value))
            .Concat(Backend.GetOwnPools().Select(own => Report(own.Pool, own.ExecutorType, own.Executor)))]);

    private static PoolReport Report(string pool, string executorType, IExecutor executor) =>
        new(pool, executor.Name, executorType, executor.GetStatistics(), executor.GetPoolState(), CellBulkhead.Existing(executor)?.GetCellStates());

    private IExecutor CreatePool(string pool) => Backend.CreateExecutor(new ExecutorOptions
    {
        Name = $"{_options.ProcessName}.{pool}",
        PoolName = pool,
        MaxWorkers = GetPoolSize(pool),
        SizeSetting = _options.PoolSizeSetting.Replace("{pool}", pool, StringComparison.Ordinal),
        TimeProvider = _options.TimeProvider,
        LoggerFactory = _options.LoggerFactory,
        StatisticsPeriod = _options.StatisticsPeriod,
        Metrics = _options.Metrics,
    });

    private static void ValidatePoolName(string pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (!Core.NameRules.IsPoolName(pool))
        {
            throw new ArgumentException(
                $"Pool name {Core.NameRules.Show(pool)} is not accepted: use {Core.NameRules.PoolNameRule}, such as 'scatter-gather'.",
                nameof(pool));
        }
    }
}
