using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// Creates executors that run work inline, on the caller's thread, inside the submit call. For tests and for code
/// paths that want no concurrency; statistics, cancellation and shutdown behave as on every other executor.
/// </summary>
public static class SynchronousExecutor
{
    /// <summary>The backend name reported by synchronous executors.</summary>
    public const string BackendName = "synchronous";

    private static int s_sequence;

    /// <summary>Creates an inline executor.</summary>
    /// <param name="options">Name and clock; <see cref="ExecutorOptions.MaxWorkers"/> and
    /// <see cref="ExecutorOptions.MaxBacklog"/> do not apply, since nothing ever waits.</param>
    /// <returns>The executor.</returns>
    public static IExecutor Create(ExecutorOptions? options = null)
    {
        options ??= new ExecutorOptions();
        string name = options.Name ?? $"synchronous-{Interlocked.Increment(ref s_sequence)}";
        return new InlineExecutor(name, options);
    }
}
