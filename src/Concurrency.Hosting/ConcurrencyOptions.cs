namespace Concurrency.Hosting;

/// <summary>
/// The <c>Concurrency</c> configuration section. Every value is checked when the host starts; a bad one stops the
/// start with a message naming the key, the value and what is accepted.
/// </summary>
/// <example>
/// <code>
/// "Concurrency": {
///   "Backend": "auto",
///   "ProcessName": "nova-scheduler",
///   "Pools": { "default": 10, "scatter-gather": 5 },
///   "StatisticsPeriod": 60,
///   "SlowSliceThresholdMilliseconds": 100
/// }
/// </code>
/// </example>
public sealed class ConcurrencyOptions
{
    /// <summary>The configuration section <c>AddConcurrency(configuration)</c> binds.</summary>
    public const string SectionName = "Concurrency";

    /// <summary>
    /// <c>auto</c> (the default: the environment decides), <c>cooperative</c> or <c>threaded</c>. The environment
    /// variable <c>DISABLE_COOPERATIVE_MODE</c>, when set to a non-empty value, wins over this setting, as in Nova.
    /// </summary>
    public string Backend { get; set; } = "auto";

    /// <summary>The first part of every pool's executor name, <c>{process}.{pool}</c>; null uses the entry assembly's name.</summary>
    public string? ProcessName { get; set; }

    /// <summary>Worker limits by pool name (1 to 32767); pools not listed get the backend's defaults.</summary>
    public Dictionary<string, int> Pools { get; } = new(StringComparer.Ordinal);

    /// <summary>Seconds between statistics lines per pool, as Nova's <c>thread_pool_statistic_period</c>: -1 off (the default), 0 on every submission.</summary>
    public double StatisticsPeriod { get; set; } = -1;

    /// <summary>The cooperative loop's blocking detector: a slice longer than this is reported; -1 turns it off. Default 100.</summary>
    public int SlowSliceThresholdMilliseconds { get; set; } = 100;
}
