namespace Concurrency;

/// <summary>The entry point a service calls to get an executor on the process's backend.</summary>
public static class Executors
{
    /// <summary>Creates an executor on <see cref="ConcurrencyBackend.Current"/>.</summary>
    /// <param name="options">Settings; null takes the backend's defaults.</param>
    /// <returns>A new executor that the caller owns and must shut down.</returns>
    /// <exception cref="BackendSelectionException">The backend cannot be selected.</exception>
    public static IExecutor Create(ExecutorOptions? options = null) => ConcurrencyBackend.Current.CreateExecutor(options);

    /// <summary>Creates a named executor on <see cref="ConcurrencyBackend.Current"/>.</summary>
    /// <param name="name">The executor's name in logs, thread names and metrics.</param>
    /// <param name="maxWorkers">How many submissions may run at once; null takes the backend's default.</param>
    /// <returns>A new executor that the caller owns and must shut down.</returns>
    public static IExecutor Create(string name, int? maxWorkers = null) =>
        Create(new ExecutorOptions { Name = name, MaxWorkers = maxWorkers });
}
