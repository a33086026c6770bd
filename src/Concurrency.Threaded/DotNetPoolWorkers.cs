namespace Concurrency;

/// <summary>
/// What each .NET pool thread is running for the executors on the .NET pool, for the pool state and the warnings:
/// one record per thread, registered the first time the thread runs an item, so running an item costs two writes
/// instead of a shared dictionary's hash and node.
/// </summary>
internal sealed class DotNetPoolWorkers
{
    [ThreadStatic]
    private static DotNetPoolWorkers? t_mine;

    private static readonly Lock s_gate = new();
    private static DotNetPoolWorkers[] s_all = [];

    private readonly Thread _thread;
    private object? _owner;
    private IStartedWork? _current;

    private DotNetPoolWorkers(Thread thread) => _thread = thread;

    /// <summary>The calling thread's record, registered on first use; records of threads that have exited are dropped then.</summary>
    public static DotNetPoolWorkers Mine => t_mine ?? Register();

    /// <summary>Marks <paramref name="work"/> of <paramref name="owner"/> as running on this thread; null when it ended.</summary>
    public void Running(object owner, IStartedWork? work)
    {
        Volatile.Write(ref _owner, work is null ? null : owner);
        Volatile.Write(ref _current, work);
    }

    /// <summary>The work <paramref name="owner"/> is running now, one entry per thread; a racy snapshot.</summary>
    public static List<IStartedWork> RunningFor(object owner)
    {
        var running = new List<IStartedWork>();
        foreach (var worker in Volatile.Read(ref s_all))
        {
            if (ReferenceEquals(Volatile.Read(ref worker._owner), owner) && Volatile.Read(ref worker._current) is { } work)
            {
                running.Add(work);
            }
        }

        return running;
    }

    private static DotNetPoolWorkers Register()
    {
        var mine = new DotNetPoolWorkers(Thread.CurrentThread);
        lock (s_gate)
        {
            s_all = [.. s_all.Where(static worker => worker._thread.IsAlive), mine];
        }

        return t_mine = mine;
    }
}
