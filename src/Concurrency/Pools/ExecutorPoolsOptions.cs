using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Concurrency;

/// <summary>Settings for <see cref="ExecutorPools"/>.</summary>
public sealed class ExecutorPoolsOptions
{
    private string _processName = DefaultProcessName();
    private TimeProvider _timeProvider = TimeProvider.System;
    private readonly ExecutorOptions _reporting = new();
    private string _poolSizeSetting = "ExecutorPoolsOptions.PoolSizes[\"{pool}\"]";

    /// <summary>The first part of every pool's executor name, <c>{process}.{pool}</c>; defaults to the entry assembly's name.</summary>
    /// <exception cref="ArgumentException">The value is null, empty, white space, or contains a control character.</exception>
    public string ProcessName
    {
        get => _processName;
        set
        {
            if (!Core.NameRules.IsDisplayName(value))
            {
                throw new ArgumentException(
                    $"Process name {Core.NameRules.Show(value)} is not accepted: use {Core.NameRules.DisplayNameRule}.",
                    nameof(value));
            }

            _processName = value;
        }
    }

    /// <summary>
    /// Worker limits by pool name; a pool not listed gets <see cref="ExecutorBackend.GetDefaultPoolSize"/>.
    /// Checked when the pools are created: each value must be 1 to <see cref="ExecutorOptions.MaxWorkersLimit"/>.
    /// </summary>
    public IDictionary<string, int> PoolSizes { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Where an operator sets a pool's size, named by the queued-work warning; <c>{pool}</c> stands for the pool's
    /// name. Default <c>ExecutorPoolsOptions.PoolSizes["{pool}"]</c>; the hosting package names its configuration key.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty, white space, or contains a control character.</exception>
    public string PoolSizeSetting
    {
        get => _poolSizeSetting;
        set
        {
            _reporting.SizeSetting = value;
            _poolSizeSetting = value;
        }
    }

    /// <summary>The clock every pool's executor uses.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null: use TimeProvider.System or a test clock.");
    }

    /// <summary>Where every pool reports its statistics lines and queued-work warnings; null reports nothing to logs.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// How often each pool logs its statistics lines: null never (the default), zero on every submission, a positive
    /// period at most once per period per pool, as Nova's <c>thread_pool_statistic_period</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan? StatisticsPeriod
    {
        get => _reporting.StatisticsPeriod;
        set => _reporting.StatisticsPeriod = value;
    }

    /// <summary>The metrics every pool reports to; <see cref="ExecutorMetrics.Shared"/> unless set.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ExecutorMetrics Metrics
    {
        get => _reporting.Metrics;
        set => _reporting.Metrics = value;
    }

    private static string DefaultProcessName()
    {
        var name = Assembly.GetEntryAssembly()?.GetName().Name;
        return string.IsNullOrWhiteSpace(name) ? "process" : name;
    }
}
