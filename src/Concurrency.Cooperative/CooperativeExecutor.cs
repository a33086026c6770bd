namespace Concurrency;

/// <summary>
/// Creates cooperative executors (the analogue of futurist's GreenThreadPoolExecutor): all their work, and the
/// continuations of its awaits, run on one <see cref="CooperativeLoop"/> thread.
/// </summary>
public static class CooperativeExecutor
{
    /// <summary>How many submissions may be in flight on the loop at once when no limit is given, as eventlet's green pool.</summary>
    public const int DefaultMaxWorkers = 1000;

    /// <summary>The backend's name, as <see cref="IExecutor.Backend"/> reports it.</summary>
    public const string BackendName = "cooperative";

    private static int s_sequence;

    /// <summary>The <c>cooperative</c> backend, for code that registers or selects backends.</summary>
    public static ExecutorBackend Backend { get; } = new CooperativeBackend();

    /// <summary>Creates a cooperative executor.</summary>
    /// <param name="options">Settings; null takes the defaults and the default loop.</param>
    /// <returns>A new executor that the caller owns and must shut down.</returns>
    /// <exception cref="InvalidOperationException">The loop is disposing.</exception>
    public static IExecutor Create(CooperativeExecutorOptions? options = null) => Create((ExecutorOptions?)options);

    /// <summary>Creates a cooperative executor with a name and a limit on in-flight submissions.</summary>
    /// <param name="name">The executor's name in logs and metrics.</param>
    /// <param name="maxWorkers">How many submissions may be in flight at once.</param>
    /// <returns>A new executor that the caller owns and must shut down.</returns>
    public static IExecutor Create(string name, int maxWorkers = DefaultMaxWorkers) =>
        Create(new CooperativeExecutorOptions { Name = name, MaxWorkers = maxWorkers });

    internal static IExecutor Create(ExecutorOptions? options)
    {
        options ??= new CooperativeExecutorOptions();
        var cooperative = options as CooperativeExecutorOptions;
        string name = options.Name ?? $"cooperative-{Interlocked.Increment(ref s_sequence)}";
        int maxWorkers = options.MaxWorkers ?? DefaultMaxWorkers;
        if (cooperative?.LoopGroup is { } group)
        {
            return cooperative.Loop is null
                ? new LoopExecutor(group, name, maxWorkers, options)
                : throw new ArgumentException(
                    $"Executor '{name}' was given both a loop ('{cooperative.Loop.Name}') and a loop group ('{group.Name}'): set Loop or LoopGroup, not both.", nameof(options));
        }

        return new LoopExecutor(cooperative?.Loop ?? CooperativeLoop.Default, name, maxWorkers, options);
    }
}
