using System.Collections.Concurrent;

namespace Concurrency.Cells;

/// <summary>
/// Lets one warning per key through per interval and counts the ones held back, so a cell that keeps failing the
/// same way cannot flood the log (650 did-not-respond warnings in 33 s were seen without it).
/// </summary>
internal sealed class WarningLimiter(TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public TimeSpan Interval => interval;

    /// <summary>True when a warning for <paramref name="key"/> may be logged now, with how many were held back since the last.</summary>
    public bool TryWarn(string key, TimeProvider time, out int suppressed)
    {
        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        long now = time.GetTimestamp();
        lock (entry)
        {
            if (entry.Warned && time.GetElapsedTime(entry.At, now) < interval)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            entry.Warned = true;
            entry.At = now;
            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            return true;
        }
    }

    private sealed class Entry
    {
        public bool Warned { get; set; }

        public long At { get; set; }

        public int Suppressed { get; set; }
    }
}
