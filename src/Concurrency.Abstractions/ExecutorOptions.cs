using Microsoft.Extensions.Logging;

namespace Concurrency;

/// <summary>Settings every backend understands. Each setter validates its value.</summary>
public class ExecutorOptions
{
    private string? _name;
    private int? _maxWorkers;
    private int? _maxBacklog;
    private TimeProvider _timeProvider = TimeProvider.System;
    private TimeSpan? _statisticsPeriod;
    private string? _poolName;
    private ExecutorMetrics _metrics = ExecutorMetrics.Shared;
    private string? _sizeSetting;
    private TimeSpan? _starvationThreshold = DefaultStarvationThreshold;

    /// <summary>The starvation threshold when none is set: 10 seconds.</summary>
    public static readonly TimeSpan DefaultStarvationThreshold = TimeSpan.FromSeconds(10);

    /// <summary>Creates settings with every default.</summary>
    public ExecutorOptions()
    {
    }

    /// <summary>Creates settings that copy every value of <paramref name="settings"/>.</summary>
    /// <param name="settings">The settings to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    protected ExecutorOptions(ExecutorOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _name = settings._name;
        _maxWorkers = settings._maxWorkers;
        _maxBacklog = settings._maxBacklog;
        _timeProvider = settings._timeProvider;
        _statisticsPeriod = settings._statisticsPeriod;
        _poolName = settings._poolName;
        _metrics = settings._metrics;
        _sizeSetting = settings._sizeSetting;
        _starvationThreshold = settings._starvationThreshold;
        LoggerFactory = settings.LoggerFactory;
    }

    /// <summary>The executor's name in logs, thread names and metrics; null gives a generated name.</summary>
    /// <exception cref="ArgumentException">The name is empty, white space, or contains a control character.</exception>
    public string? Name
    {
        get => _name;
        set
        {
            if (value is not null && !Core.NameRules.IsDisplayName(value))
            {
                throw new ArgumentException(
                    $"Executor name {Core.NameRules.Show(value)} is not accepted: use null for a generated name, or {Core.NameRules.DisplayNameRule}.",
                    nameof(value));
            }

            _name = value;
        }
    }

    /// <summary>How many submissions may run at once; null takes the backend's default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxWorkersLimit"/>.</exception>
    public int? MaxWorkers
    {
        get => _maxWorkers;
        set
        {
            if (value is < 1 or > MaxWorkersLimit)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"MaxWorkers {value} is not accepted: use null for the backend's default, or 1 to {MaxWorkersLimit}.");
            }

            _maxWorkers = value;
        }
    }

    /// <summary>
    /// How many submissions may wait in the queue; a submission that would have to wait while this many already wait
    /// is rejected with <see cref="RejectedExecutionException"/>. Null (the default) means no limit; 0 means work
    /// that cannot start at once is rejected.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int? MaxBacklog
    {
        get => _maxBacklog;
        set
        {
            if (value is < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"MaxBacklog {value} is not accepted: use null for no limit, or 0 or more.");
            }

            _maxBacklog = value;
        }
    }

    /// <summary>The clock for runtime, queue wait and timeouts; tests inject their own.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null: use TimeProvider.System or a test clock.");
    }

    /// <summary>
    /// Where the executor reports: the statistics lines (see <see cref="StatisticsPeriod"/>) and a rate-limited warning
    /// when work is queued because no worker is free. Null reports nothing to logs.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// How often the statistics lines are logged, as Nova's <c>thread_pool_statistic_period</c>: null (the default) never,
    /// zero on every submission, a positive period at most once per period, checked on submission.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan? StatisticsPeriod
    {
        get => _statisticsPeriod;
        set
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"StatisticsPeriod {value} is not accepted: use null to turn the statistics lines off, zero to log on every submission, or a positive period.");
            }

            _statisticsPeriod = value;
        }
    }

    /// <summary>The pool name log lines use (<c>Stats of scatter-gather executor</c>); null uses <see cref="Name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty, white space, or contains a control character.</exception>
    public string? PoolName
    {
        get => _poolName;
        set
        {
            if (value is not null && !Core.NameRules.IsDisplayName(value))
            {
                throw new ArgumentException(
                    $"Pool name {Core.NameRules.Show(value)} is not accepted: use null for the executor's name, or {Core.NameRules.DisplayNameRule}.",
                    nameof(value));
            }

            _poolName = value;
        }
    }

    /// <summary>
    /// Where an operator raises <see cref="MaxWorkers"/>, such as <c>Concurrency:Pools:threaded:scatter-gather</c>;
    /// the queued-work warning names it, so a limit that caps throughput is never silent. Null names the option itself.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty, white space, or contains a control character.</exception>
    public string? SizeSetting
    {
        get => _sizeSetting;
        set
        {
            if (value is not null && !Core.NameRules.IsDisplayName(value))
            {
                throw new ArgumentException(
                    $"SizeSetting {Core.NameRules.Show(value)} is not accepted: use null, or {Core.NameRules.DisplayNameRule}.",
                    nameof(value));
            }

            _sizeSetting = value;
        }
    }

    /// <summary>The metrics the executor reports to; <see cref="ExecutorMetrics.Shared"/> unless set.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ExecutorMetrics Metrics
    {
        get => _metrics;
        set => _metrics = value ?? throw new ArgumentNullException(nameof(value), "Metrics cannot be null: use ExecutorMetrics.Shared or an instance made from an IMeterFactory.");
    }

    /// <summary>
    /// Work that has waited this long while every worker is busy is reported (through <see cref="LoggerFactory"/>) with
    /// the pool and what holds its workers. Null turns the check off. Default <see cref="DefaultStarvationThreshold"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative, or longer than a timer holds (about 49.7 days).</exception>
    public TimeSpan? StarvationThreshold
    {
        get => _starvationThreshold;
        set
        {
            if (value <= TimeSpan.Zero || value > Core.TimerLimits.Max)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, Core.TimerLimits.TooLong("StarvationThreshold", value ?? TimeSpan.Zero, "use null to turn the check off, or a positive duration"));
            }

            _starvationThreshold = value;
        }
    }

    /// <summary>The largest value <see cref="MaxWorkers"/> accepts.</summary>
    public const int MaxWorkersLimit = 32_767;
}
