using System.Globalization;

namespace Concurrency.Hosting;

/// <summary>
/// The host's one policy for the .NET thread pool's minimum worker threads, whatever the backend: at start it is
/// raised to one per processor plus how many .NET pool threads the library's work can block at once on this backend,
/// logged once with the values before and after, and lowered again by what was raised when the host stops.
/// </summary>
/// <remarks>
/// The .NET pool starts threads up to its minimum at once and beyond it about two a second, so blocked pool threads
/// stall everything else on the pool (Kestrel's requests, continuations, timers) until it catches up. What the
/// library can block: on the threaded backend on the .NET pool's threads, every running item of every pool holds a
/// .NET pool thread (the sum of the pools' worker limits); otherwise (the cooperative backend, or threaded on
/// dedicated threads) the calls of the scatter-gather pool, since a canceled cell call's cancellation runs on a .NET
/// pool thread of its own and drivers cancel synchronously (the scatter-gather pool's worker limit).
/// <c>Concurrency:DotNetPoolMinThreads</c> raises the target to at least its value. The minimum is never lowered below what it was.
/// </remarks>
internal sealed class DotNetPoolMinimum
{
    private static readonly Lock s_gate = new();
    private int _raisedBy;

    private DotNetPoolMinimum(int before, int after, string why)
    {
        Before = before;
        After = after;
        Why = why;
    }

    public int Before { get; }

    public int After { get; }

    /// <summary>How the target was chosen, for the start log line.</summary>
    public string Why { get; }

    /// <summary>Raises the minimum to <paramref name="target"/> (never lowers it) and remembers by how much.</summary>
    public static DotNetPoolMinimum Apply(int target, string why, bool ioToo)
    {
        lock (s_gate)
        {
            ThreadPool.GetMinThreads(out int workers, out int io);
            ThreadPool.GetMaxThreads(out int maxWorkers, out int maxIo);
            int wanted = Math.Min(Math.Max(workers, target), maxWorkers);
            int wantedIo = ioToo ? Math.Min(Math.Max(io, target), maxIo) : io;
            var applied = new DotNetPoolMinimum(workers, wanted, why);
            if ((wanted != workers || wantedIo != io) && ThreadPool.SetMinThreads(wanted, wantedIo))
            {
                applied._raisedBy = wanted - workers;
            }
            else
            {
                return new DotNetPoolMinimum(workers, workers, why);
            }

            return applied;
        }
    }

    /// <summary>The target for this host: one per processor plus the threads its backend's work can block.</summary>
    public static (int Target, string Why) For(bool poolsOnDotNetPool, IEnumerable<(string Pool, int Size)> pools, int? configured)
    {
        int processors = Environment.ProcessorCount;
        var counted = poolsOnDotNetPool ? pools.ToList() : pools.Where(pool => pool.Pool == PoolNames.ScatterGather).ToList();
        long blocking = counted.Sum(pool => (long)pool.Size);
        string what = poolsOnDotNetPool
            ? $"the pools' worker limits ({string.Join(", ", counted.Select(pool => string.Create(CultureInfo.InvariantCulture, $"{pool.Pool} {pool.Size}")))}), since their items run on .NET pool threads"
            : string.Create(CultureInfo.InvariantCulture, $"the scatter-gather pool's worker limit, since a canceled cell call's cancellation runs on a .NET pool thread");
        int target = (int)Math.Min(int.MaxValue, processors + blocking);
        string why = string.Create(CultureInfo.InvariantCulture, $"{processors} per processor + {blocking}, {what}");
        return configured is { } floor && floor > target
            ? (floor, string.Create(CultureInfo.InvariantCulture, $"Concurrency:DotNetPoolMinThreads {floor}, above the {target} counted as {why}"))
            : (target, configured is { } below ? string.Create(CultureInfo.InvariantCulture, $"{why}; Concurrency:DotNetPoolMinThreads {below} is below it") : why);
    }

    /// <summary>Lowers the minimum by what <see cref="Apply"/> raised it, so raises made by anyone else stay.</summary>
    public void Release()
    {
        lock (s_gate)
        {
            if (_raisedBy == 0)
            {
                return;
            }

            ThreadPool.GetMinThreads(out int workers, out int io);
            ThreadPool.SetMinThreads(Math.Max(Math.Min(Environment.ProcessorCount, workers), workers - _raisedBy), io);
            _raisedBy = 0;
        }
    }
}
