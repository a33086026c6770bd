namespace Concurrency;

/// <summary>
/// Raises the .NET thread pool's minimum worker threads by an executor's worker limit from when the executor first needs it until it ends, and
/// lowers it by the same amount when the executor ends, so raises made by anyone else stay.
/// </summary>
/// <remarks>
/// The .NET pool starts threads up to its minimum at once and beyond it about two a second; an executor of 256
/// workers whose items block would otherwise wait seconds for threads, and hold up everything else on the pool.
/// </remarks>
internal sealed class DotNetPoolReservation : IDisposable
{
    private static readonly Lock s_gate = new();
    private readonly int _raisedBy;
    private bool _released;

    private DotNetPoolReservation(int raisedBy) => _raisedBy = raisedBy;

    /// <summary>Raises the minimum by <paramref name="threads"/>, as far as the pool's maximum allows.</summary>
    public static DotNetPoolReservation Reserve(int threads)
    {
        lock (s_gate)
        {
            return new DotNetPoolReservation(Change(+threads));
        }
    }

    /// <summary>Gives the threads back: the minimum goes down by what this reservation raised it, never below one per processor.</summary>
    public void Dispose()
    {
        lock (s_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            Change(-_raisedBy);
        }
    }

    /// <returns>How far the minimum moved: less than asked at the pool's maximum, or at one per processor.</returns>
    private static int Change(int by)
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.GetMaxThreads(out int maxWorkers, out _);
        int wanted = (int)Math.Clamp((long)workers + by, Math.Min(Environment.ProcessorCount, workers), maxWorkers);
        if (wanted == workers || !ThreadPool.SetMinThreads(wanted, io))
        {
            return 0;
        }

        return wanted - workers;
    }
}
