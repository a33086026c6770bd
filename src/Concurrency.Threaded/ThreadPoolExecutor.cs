namespace Concurrency;

/// <summary>
/// Creates executors that run work on native threads: the .NET thread pool's (the default), or dedicated, named threads
/// of their own (<see cref="ThreadPoolExecutorOptions.Threads"/>).
/// </summary>
/// <remarks>
/// Dedicated threads start lazily up to the worker limit; an idle thread is always reused before a new one starts,
/// the most recently idle first, so a steady load keeps a steady set of threads and the others retire after
/// <see cref="ThreadPoolExecutorOptions.IdleTimeout"/>. Asynchronous submissions hold a worker slot until their Task
/// completes; their continuations after an <c>await</c> run wherever the awaited operation resumes them.
/// </remarks>
public static class ThreadPoolExecutor
{
    /// <summary>The backend's name, as <see cref="IExecutor.Backend"/> reports it.</summary>
    public const string BackendName = "threaded";

    private static int s_sequence;

    /// <summary>The <c>threaded</c> backend, for code that registers or selects backends.</summary>
    public static ExecutorBackend Backend { get; } = new ThreadedBackend();

    /// <summary>The worker limit when none is given: the processor count times five, as futurist.</summary>
    public static int DefaultMaxWorkers => Math.Min(Environment.ProcessorCount * 5, ExecutorOptions.MaxWorkersLimit);

    /// <summary>Creates a thread-pool executor.</summary>
    /// <param name="options">Settings; null takes the defaults.</param>
    /// <returns>A new executor that the caller owns and must shut down.</returns>
    /// <exception cref="ArgumentException"><see cref="ThreadPoolExecutorOptions.MinWorkers"/> exceeds the worker limit, or is set for <see cref="ExecutorThreads.DotNetPool"/>.</exception>
    public static IExecutor Create(ThreadPoolExecutorOptions? options = null) => Create((ExecutorOptions?)options);

    /// <summary>Creates a thread-pool executor with a name and a worker limit.</summary>
    /// <param name="name">The executor's name in logs, thread names and metrics.</param>
    /// <param name="maxWorkers">How many submissions may run at once.</param>
    /// <returns>A new executor that the caller owns and must shut down.</returns>
    public static IExecutor Create(string name, int maxWorkers) =>
        Create(new ThreadPoolExecutorOptions { Name = name, MaxWorkers = maxWorkers });

    internal static IExecutor Create(ExecutorOptions? options)
    {
        options ??= new ThreadPoolExecutorOptions();
        var threaded = options as ThreadPoolExecutorOptions ?? new ThreadPoolExecutorOptions();
        int maxWorkers = options.MaxWorkers ?? DefaultMaxWorkers;
        if (threaded.MinWorkers > maxWorkers)
        {
            throw new ArgumentException(
                $"MinWorkers {threaded.MinWorkers} is not accepted with MaxWorkers {maxWorkers}: MinWorkers must be between 0 and MaxWorkers.", nameof(options));
        }

        if (threaded.Threads == ExecutorThreads.DotNetPool && threaded.MinWorkers != 0)
        {
            throw new ArgumentException(
                $"MinWorkers {threaded.MinWorkers} is not accepted with Threads {ExecutorThreads.DotNetPool} (the default): the .NET pool keeps its own threads; leave MinWorkers at 0, or set Threads to {ExecutorThreads.Dedicated} for threads of the executor's own.", nameof(options));
        }

        string name = options.Name ?? $"threaded-{Interlocked.Increment(ref s_sequence)}";
        if (threaded.Threads == ExecutorThreads.DotNetPool)
        {
            return new DotNetPoolExecutor(name, maxWorkers, options, threaded.RaiseDotNetPoolMinimum);
        }

        return new DedicatedThreadPool(name, maxWorkers, threaded.MinWorkers, threaded.IdleTimeout, options);
    }
}
