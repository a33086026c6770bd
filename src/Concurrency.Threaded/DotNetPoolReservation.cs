namespace Concurrency;

/// <summary>
/// Raises the .NET thread pool's minimum worker threads by an executor's worker limit while the executor lives, and
/// lowers it by the same amount when the executor ends, so raises made by anyone else stay.
/// </summary>
/// <remarks>
/// The .NET pool starts threads up to its minimum at once and beyond it about two a second; an executor of 256
/// workers whose items block would otherwise wait seconds for threads, and hold up everything else on the pool.
/// </remarks>
internal sealed class DotNetPoolReservation : IDisposable
{
    private static readonly Lock s_gate = new();
    private readonly int _threads;
    private bool _released;

    private DotNetPoolReservation(int threads) => _threads = threads;

    /// <summary>The threads reserved by every live executor, for tests and reports.</summary>
    public static int Reserved { get; private set; }

    /// <summary>Raises the minimum by <paramref name="threads"/>, as far as the pool's maximum allows.</summary>
    public static DotNetPoolReservation Reserve(int threads)
    {
        lock (s_gate)
        {
            Change(+threads);
            Reserved += threads;
        }

        return new DotNetPoolReservation(threads);
    }

    /// <summary>Gives the threads back: the minimum goes down by as many, never below the runtime's own (one per processor).</summary>
    public void Dispose()
    {
        lock (s_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            Change(-_threads);
            Reserved -= _threads;
        }
    }

    private static void Change(int by)
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.GetMaxThreads(out int maxWorkers, out _);
        int wanted = (int)Math.Clamp((long)workers + by, Environment.ProcessorCount, maxWorkers);
        if (wanted != workers)
        {
            // False only when the value is out of the pool's range, which the clamp rules out.
            _ = ThreadPool.SetMinThreads(wanted, io);
        }
    }
}
