using Microsoft.Extensions.Logging;

namespace Concurrency.Cells;

/// <summary>Settings of one scatter-gather call. Each setter validates its value.</summary>
public sealed class ScatterGatherOptions
{
    /// <summary>The timeout when none is set: 60 seconds, as in Nova.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The longest timeout accepted (the longest a timer can wait).</summary>
    public static readonly TimeSpan MaxTimeout = Core.TimerLimits.Max;

    private TimeSpan _timeout = DefaultTimeout;
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Creates the default settings.</summary>
    public ScatterGatherOptions()
    {
    }

    /// <summary>Copies another set of settings.</summary>
    /// <param name="other">The settings to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public ScatterGatherOptions(ScatterGatherOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _timeout = other._timeout;
        _timeProvider = other._timeProvider;
        TimeoutIsSet = other.TimeoutIsSet;
        TimeProviderIsSet = other.TimeProviderIsSet;
        Metrics = other.Metrics;
        Executor = other.Executor;
        Logger = other.Logger;
        OffloadBlockingQueries = other.OffloadBlockingQueries;
        KeyByCell = other.KeyByCell;
        Bulkhead = other.Bulkhead;
    }

    /// <summary>
    /// The one total timeout of the call: cells that have not finished by then are reported as did-not-respond.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative (infinite included) or above <see cref="MaxTimeout"/>.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        set
        {
            if (value <= TimeSpan.Zero || value > MaxTimeout)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"Scatter-gather timeout {value} is not accepted: use a positive duration up to {MaxTimeout}; a scatter-gather call always has a deadline.");
            }

            _timeout = value;
            TimeoutIsSet = true;
        }
    }

    /// <summary>
    /// The executor the cells' calls run on; null uses <see cref="ScatterGatherer.Default"/>'s: a host's configured
    /// scatter-gather pool while one runs (<c>AddConcurrency</c>), otherwise <see cref="ExecutorPools.Shared"/>'s.
    /// </summary>
    public IExecutor? Executor { get; set; }

    /// <summary>The clock that measures the timeout; tests inject their own.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set
        {
            _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null: use TimeProvider.System or a test clock.");
            TimeProviderIsSet = true;
        }
    }

    /// <summary>Whether <see cref="TimeProvider"/> was set, so a call's own clock wins over its gatherer's.</summary>
    internal bool TimeProviderIsSet { get; private set; }

    /// <summary>
    /// Where failures, did-not-respond cells and work left running are reported; null uses the gatherer's logger (for
    /// a static call without an <see cref="Executor"/>, a running host's), and reports nowhere otherwise.
    /// </summary>
    public ILogger? Logger { get; set; }

    /// <summary>The instruments the call records to; null uses the gatherer's (for a static call without an <see cref="Executor"/>, a running host's), else <see cref="ScatterGatherMetrics.Shared"/>.</summary>
    public ScatterGatherMetrics? Metrics { get; set; }

    /// <summary>Whether <see cref="Timeout"/> was set, so a call's own timeout wins over its gatherer's.</summary>
    internal bool TimeoutIsSet { get; private set; }

    /// <summary>
    /// Runs blocking queries through <see cref="Offload.RunAsync{TResult}(Func{CancellationToken, TResult}, CancellationToken)"/>:
    /// on a cooperative loop they then run in parallel on the loop's offload threads instead of one after another on
    /// the loop; on native threads it changes nothing. Off by default, so blocking queries run where the executor runs
    /// them. Asynchronous queries are not affected.
    /// </summary>
    public bool OffloadBlockingQueries { get; set; }

    /// <summary>
    /// Submits each cell's call with the cell's id as its <see cref="SubmitOptions.Key"/>: on a group of cooperative
    /// loops every call of one cell then runs on the same loop, in order (per-cell state needs no lock); other
    /// executors ignore it. Off by default.
    /// </summary>
    public bool KeyByCell { get; set; }

    /// <summary>
    /// Keeps hung cells from taking every worker: see <see cref="CellBulkhead"/>. Null (the default) uses the
    /// executor's own, <see cref="CellBulkhead.Of(IExecutor)"/>; <see cref="CellBulkhead.None"/> turns it off.
    /// </summary>
    public CellBulkhead? Bulkhead { get; set; }
}
