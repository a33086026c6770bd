using System.Collections.Concurrent;

namespace Concurrency.Tests.Reliability;

/// <summary>
/// Records TaskScheduler.UnobservedTaskException while a test runs. Earlier garbage is collected first, so what it
/// records comes from the test's own window (the tests using it run alone, in a non-parallel collection).
/// </summary>
public sealed class UnobservedExceptions : IDisposable
{
    private readonly ConcurrentQueue<Exception> _seen = new();

    public UnobservedExceptions()
    {
        Collect();
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    /// <summary>Finalizes every dropped Task so its unobserved exception, if any, is raised now.</summary>
    public IReadOnlyCollection<Exception> CollectAndRead()
    {
        Collect();
        return [.. _seen];
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => _seen.Enqueue(e.Exception);
}
