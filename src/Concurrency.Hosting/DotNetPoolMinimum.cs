using System.Globalization;

namespace Concurrency.Hosting;

/// <summary>
/// The host's one policy for the .NET thread pool's minimum worker threads, whatever the backend: at start it is
/// raised to one per processor plus how many .NET pool threads the library's work can block at once on this backend,
/// logged once with the values before and after, and lowered again when the host stops (to what the hosts still
/// running need, or to what it was before them).
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

    // The hosts whose minimum is in force, the worker minimum before the first of them, and what they last set:
    // hosts that overlap (tests start many) each keep theirs until the last one stops.
    private static readonly List<DotNetPoolMinimum> s_active = [];
    private static int s_baseline;
    private static int s_set;

    private readonly int _target;
    private bool _released;

    private DotNetPoolMinimum(int before, int after, int target, string why)
    {
        Before = before;
        After = after;
        Why = why;
        _target = target;
    }

    public int Before { get; }

    public int After { get; }

    /// <summary>How the target was chosen, for the start log line.</summary>
    public string Why { get; }

    /// <summary>Raises the minimum to <paramref name="target"/> (never lowers it) while this host lives.</summary>
    public static DotNetPoolMinimum Apply(int target, string why, bool ioToo)
    {
        lock (s_gate)
        {
            ThreadPool.GetMinThreads(out int workers, out int io);
            ThreadPool.GetMaxThreads(out int maxWorkers, out int maxIo);
            if (s_active.Count == 0)
            {
                s_baseline = workers;
            }

            int wanted = Math.Min(Math.Max(workers, target), maxWorkers);
            int wantedIo = ioToo ? Math.Min(Math.Max(io, target), maxIo) : io;
            bool changed = (wanted != workers || wantedIo != io) && ThreadPool.SetMinThreads(wanted, wantedIo);
            var applied = new DotNetPoolMinimum(workers, changed ? wanted : workers, target, why);
            s_set = applied.After;
            s_active.Add(applied);
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

    /// <summary>
    /// Ends this host's part: the minimum goes back to what the hosts still running need, or to what it was before the
    /// first of them; left alone when someone else changed it since.
    /// </summary>
    public void Release()
    {
        lock (s_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            s_active.Remove(this);
            ThreadPool.GetMinThreads(out int workers, out int io);
            if (workers != s_set)
            {
                return;
            }

            int desired = Math.Min(workers, s_active.Count == 0 ? s_baseline : Math.Max(s_baseline, s_active.Max(host => host._target)));
            if (desired < workers && ThreadPool.SetMinThreads(desired, io))
            {
                s_set = desired;
            }
        }
    }
}
