namespace Concurrency;

/// <summary>Which threads a thread-pool executor (<see cref="ThreadPoolExecutor"/>) runs its work on.</summary>
public enum ExecutorThreads
{
    /// <summary>
    /// Threads of the executor's own, named after it, started as work needs them and retired when idle: work that
    /// blocks never shares a thread with anything else in the process. Each item then crosses to another thread and
    /// back, so a round trip costs a thread wake-up (about 5 us on two cores, see the benchmarks).
    /// </summary>
    Dedicated,

    /// <summary>
    /// The .NET thread pool's threads, as <c>Task.Run</c> uses them: an item submitted from a .NET pool thread runs
    /// on that thread, and its Task's awaiters run where the item ended, so a request crosses fewer threads. The
    /// executor still limits, queues and counts its work; once more items are in flight than processors it raises the
    /// .NET pool's minimum threads by its worker limit until it ends, so work that blocks finds a thread at once. The default: fastest under load on few cores (see
    /// the benchmarks); the threads carry the .NET pool's names, not the executor's.
    /// </summary>
    DotNetPool,
}
