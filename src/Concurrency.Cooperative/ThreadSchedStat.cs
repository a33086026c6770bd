using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Concurrency;

/// <summary>
/// One thread's scheduler accounting from Linux (<c>/proc/self/task/TID/schedstat</c>): how long it ran on a CPU and
/// how long it waited in the run queue for one. Read from any thread, at the watchdog's pace, never per slice: it lets
/// a late loop say whether its code held it or it was waiting for a core.
/// </summary>
internal sealed partial class ThreadSchedStat
{
    private readonly string _path;

    private ThreadSchedStat(string path) => _path = path;

    /// <summary>The calling thread's accounting; null where the OS does not keep it (not Linux, or no schedstat).</summary>
    public static ThreadSchedStat? ForCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var stat = new ThreadSchedStat($"/proc/self/task/{GetTid()}/schedstat");
            return stat.TryRead() is not null ? stat : null;
        }
        catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A reading now, with the wall clock's timestamp; null once the thread is gone or the file cannot be read.</summary>
    public Sample? TryRead()
    {
        try
        {
            long at = Stopwatch.GetTimestamp();
            var fields = File.ReadAllText(_path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 2
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long ran)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long waited)
                ? new Sample(at, ran, waited)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    /// <summary>One reading: when (Stopwatch ticks), nanoseconds run on a CPU and nanoseconds waited for one, since the thread started.</summary>
    public sealed record Sample(long At, long RanNanoseconds, long WaitedNanoseconds)
    {
        /// <summary>Which slice was running when it was taken (the watchdog's odd sequence number); 0 for none.</summary>
        public long Sequence { get; init; }

        /// <summary>What happened between this reading and <paramref name="later"/>, in milliseconds.</summary>
        public Usage Until(Sample later) => new(
            Stopwatch.GetElapsedTime(At, later.At).TotalMilliseconds,
            (later.RanNanoseconds - RanNanoseconds) / 1e6,
            (later.WaitedNanoseconds - WaitedNanoseconds) / 1e6);
    }

    /// <summary>The loop thread over a window of wall time: how long it ran, and how long it waited for a CPU.</summary>
    public readonly record struct Usage(double WindowMs, double RanMs, double WaitedMs)
    {
        /// <summary>True when the thread spent most of the window waiting for a core rather than running or blocked in its work.</summary>
        public bool WaitingForCore => WaitedMs > RanMs && WaitedMs >= WindowMs / 2;

        /// <summary>The clause the watchdog's warnings end with: whose fault the late loop was, with the figures.</summary>
        public string Describe() => WaitingForCore
            ? string.Create(CultureInfo.InvariantCulture, $"the loop was waiting for a core, not held by that work: over the last {WindowMs:0.0} ms its thread ran {RanMs:0.0} ms and waited {WaitedMs:0.0} ms for a CPU. The machine has more runnable threads than cores; offloading would not help")
            : string.Create(CultureInfo.InvariantCulture, $"that work held the loop: over the last {WindowMs:0.0} ms its thread ran {RanMs:0.0} ms, waited {WaitedMs:0.0} ms for a CPU and was blocked the rest. Every other cooperative task waited. Offload blocking calls with Offload.RunAsync");
    }
}
