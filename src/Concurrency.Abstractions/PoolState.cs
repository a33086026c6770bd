using System.Globalization;

namespace Concurrency;

/// <summary>An immutable snapshot of an executor's workers and queue.</summary>
/// <remarks>
/// <see cref="BusyWorkers"/> counts submissions in flight, each holding one of <see cref="MaxWorkers"/>. On the
/// thread pool an asynchronous submission that is awaiting holds its slot but not a thread, so
/// <see cref="BusyWorkers"/> can exceed <see cref="Workers"/> minus <see cref="IdleWorkers"/>. On the cooperative
/// backend every in-flight task is a busy worker and no thread is idle.
/// </remarks>
public sealed class PoolState
{
    /// <summary>Creates a snapshot.</summary>
    /// <param name="maxWorkers">How many submissions may run at once.</param>
    /// <param name="workers">Workers that exist now (threads, or in-flight tasks on the cooperative loop).</param>
    /// <param name="idleWorkers">Workers waiting for work.</param>
    /// <param name="busyWorkers">Submissions in flight.</param>
    /// <param name="queued">Submissions waiting for a free worker.</param>
    /// <param name="isAlive"><see langword="true"/> until shutdown starts.</param>
    /// <param name="maxBacklog">How many submissions may wait for a worker before more are refused; null for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public PoolState(int maxWorkers, int workers, int idleWorkers, int busyWorkers, int queued, bool isAlive = true, int? maxBacklog = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxWorkers);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentOutOfRangeException.ThrowIfNegative(idleWorkers);
        ArgumentOutOfRangeException.ThrowIfNegative(busyWorkers);
        ArgumentOutOfRangeException.ThrowIfNegative(queued);
        if (maxBacklog is { } backlog)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(backlog, nameof(maxBacklog));
        }

        MaxWorkers = maxWorkers;
        Workers = workers;
        IdleWorkers = idleWorkers;
        BusyWorkers = busyWorkers;
        Queued = queued;
        IsAlive = isAlive;
        MaxBacklog = maxBacklog;
    }

    /// <summary>How many submissions may run at once.</summary>
    public int MaxWorkers { get; }

    /// <summary>Workers that exist now.</summary>
    public int Workers { get; }

    /// <summary>Workers waiting for work.</summary>
    public int IdleWorkers { get; }

    /// <summary>Submissions in flight.</summary>
    public int BusyWorkers { get; }

    /// <summary>Submissions waiting for a free worker.</summary>
    public int Queued { get; }

    /// <summary>How many submissions may wait for a worker before more are refused (<see cref="ExecutorOptions.MaxBacklog"/>); null for no limit.</summary>
    public int? MaxBacklog { get; }

    /// <summary><see langword="true"/> until shutdown starts; afterwards submissions are refused.</summary>
    public bool IsAlive { get; }

    /// <summary>Formats the snapshot the way operators know it from Nova's logs.</summary>
    /// <returns>For example <c>max_workers: 40, workers: 40, idle workers: 40, queued: 0</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"max_workers: {MaxWorkers}, workers: {Workers}, idle workers: {IdleWorkers}, queued: {Queued}");
}
