namespace Concurrency.Testing;

/// <summary>
/// The run's events as a running hash (FNV-1a over each event's virtual time and text) and the last few in full:
/// two runs of one seed are the same run exactly when their hashes are equal. Locked, since the watchdog reads it from
/// its own thread when it gives up on a blocked run.
/// </summary>
internal sealed class SimulationTrace(int keep)
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _recent = new();
    private ulong _hash = 14695981039346656037UL;

    public string Hash
    {
        get
        {
            lock (_gate)
            {
                return _hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    public void Add(long now, string what)
    {
        lock (_gate)
        {
            Record(now, what);
        }
    }

    public IReadOnlyList<string> Recent()
    {
        lock (_gate)
        {
            return [.. _recent];
        }
    }

    private void Record(long now, string what)
    {
        Mix((ulong)now);
        foreach (char c in what)
        {
            Mix(c);
        }

        if (keep > 0)
        {
            if (_recent.Count == keep)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue($"{Show(now)} {what}");
        }
    }

    /// <summary>A virtual time as the trace prints it: seconds since the run began.</summary>
    public static string Show(long ticks) => $"t+{TimeSpan.FromTicks(ticks).TotalSeconds.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture)}s";

    private void Mix(ulong value)
    {
        _hash ^= value;
        _hash *= 1099511628211UL;
    }
}
