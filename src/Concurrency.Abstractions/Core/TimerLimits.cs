namespace Concurrency.Core;

/// <summary>
/// What a .NET timer accepts, in one place: a due time or period of at most <see cref="Max"/> (about 49.7 days),
/// counted in whole milliseconds. Every timer the library arms goes through here, so no caller's duration ever reaches
/// a timer it would crash.
/// </summary>
internal static class TimerLimits
{
    /// <summary>The longest due time or period a timer accepts: 4,294,967,294 ms, about 49.7 days.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>The shortest period that keeps a timer repeating; a shorter one rounds to zero and fires once.</summary>
    public static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// A due time for a wait of <paramref name="ticks"/> timestamp units: rounded up to whole milliseconds so the timer
    /// never fires before the deadline, and capped at <see cref="Max"/>; a caller woken at the cap arms again.
    /// </summary>
    public static TimeSpan DueIn(long ticks, long frequency)
    {
        if (ticks <= 0)
        {
            return TimeSpan.Zero;
        }

        double milliseconds = Math.Ceiling(ticks * 1000.0 / frequency);
        return milliseconds >= Max.TotalMilliseconds ? Max : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>How often a check for <paramref name="threshold"/> runs: half the threshold, at least <see cref="MinPeriod"/>.</summary>
    public static TimeSpan CheckPeriod(TimeSpan threshold) => threshold / 2 < MinPeriod ? MinPeriod : threshold / 2;

    /// <summary>A timestamp <paramref name="delay"/> after <paramref name="now"/>, saturating at <see cref="long.MaxValue"/> (never due).</summary>
    public static long Add(long now, TimeSpan delay, long frequency)
    {
        double ticks = delay.TotalSeconds * frequency;
        return ticks >= long.MaxValue - (double)now ? long.MaxValue : now + (long)ticks;
    }

    /// <summary>The message for a duration option a timer cannot hold.</summary>
    public static string TooLong(string option, TimeSpan value, string accepted) =>
        $"{option} {value} is not accepted: {accepted}, up to {Max} (the longest a .NET timer waits).";
}
