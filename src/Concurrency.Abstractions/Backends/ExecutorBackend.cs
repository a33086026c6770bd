namespace Concurrency;

/// <summary>
/// A named way of running executors. The built-in backends are <c>cooperative</c> and <c>threaded</c>;
/// others can be added with <c>ConcurrencyBackend.Register</c> (in the <c>Concurrency</c> package). A backend whose
/// executors run work on workers of their own builds them on <see cref="PooledExecutor"/>.
/// </summary>
public abstract class ExecutorBackend
{
    /// <summary>Creates a backend with a name.</summary>
    /// <param name="name">Lowercase letters, digits and dashes, such as <c>threaded</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or has other characters.</exception>
    protected ExecutorBackend(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"Backend name '{name}' is not accepted: use lowercase letters, digits and dashes, such as 'threaded'.", nameof(name));
        }

        Name = name;
    }

    /// <summary>The backend's name, as reported by <see cref="IExecutor.Backend"/>.</summary>
    public string Name { get; }

    /// <summary>The type name operators see in pool state lines, such as <c>ThreadPoolExecutor</c>.</summary>
    public abstract string ExecutorTypeName { get; }

    /// <summary>The worker limit an executor gets when <see cref="ExecutorOptions.MaxWorkers"/> is null.</summary>
    public abstract int DefaultMaxWorkers { get; }

    /// <summary>
    /// The worker limit of a named pool (<see cref="ExecutorOptions.PoolName"/>) when configuration does not set one.
    /// The default is <see cref="DefaultMaxWorkers"/> for every pool.
    /// </summary>
    /// <param name="pool">The pool's name, such as <see cref="PoolNames.ScatterGather"/>.</param>
    /// <returns>A worker limit from 1 to <see cref="ExecutorOptions.MaxWorkersLimit"/>.</returns>
    public virtual int GetDefaultPoolSize(string pool) => DefaultMaxWorkers;

    /// <summary>
    /// The executors the backend runs for itself (the cooperative loop's offload pool), so pool reports, status pages
    /// and metrics show them with the named pools. None by default.
    /// </summary>
    /// <returns>The backend's own pools; the caller must not shut them down.</returns>
    public virtual IReadOnlyList<BackendPool> GetOwnPools() => [];

    /// <summary>Creates an executor on this backend.</summary>
    /// <param name="options">Settings; null takes the defaults. Settings a backend does not use are ignored.</param>
    /// <returns>A new executor that the caller owns and must shut down.</returns>
    public abstract IExecutor CreateExecutor(ExecutorOptions? options = null);

    /// <inheritdoc />
    public override string ToString() => Name;
}
