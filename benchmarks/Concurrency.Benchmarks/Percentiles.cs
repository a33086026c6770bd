using System.Diagnostics;

namespace Concurrency.Benchmarks;

/// <summary>Collects Stopwatch-tick samples and reports percentiles in microseconds.</summary>
internal sealed class Percentiles(int capacity)
{
    private readonly long[] _samples = new long[capacity];
    private int _count;

    public void Add(long ticks) => _samples[_count++] = ticks;

    public double Microseconds(double percentile)
    {
        var sorted = _samples.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        int index = Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
