using System.Globalization;

namespace SchedulerWorker;

/// <summary>
/// The machine's CPU time, busy and idle, summed over every core (Linux's <c>/proc/stat</c>): the demo reports how busy
/// the machine was during a timed run, so a figure limited by the whole machine (broker and client included) is not
/// read as one limited by the workers' caps. Elsewhere it reads zero, and the demo reports 0%.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Idle)
{
    /// <summary>The counters now.</summary>
    public static MachineCpu Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }

        // "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks.
        long[] ticks = [.. File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(field => long.Parse(field, CultureInfo.InvariantCulture))];
        long idle = ticks[3] + (ticks.Length > 4 ? ticks[4] : 0);
        return new MachineCpu(ticks.Take(8).Sum() - idle, idle);
    }

    /// <summary>The share of CPU time that was busy between <paramref name="earlier"/> and this reading.</summary>
    public double BusySince(MachineCpu earlier)
    {
        long busy = Busy - earlier.Busy;
        long total = busy + (Idle - earlier.Idle);
        return total > 0 ? (double)busy / total : 0;
    }
}
