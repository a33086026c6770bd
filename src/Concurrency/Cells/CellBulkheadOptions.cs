namespace Concurrency.Cells;

/// <summary>Settings for a <see cref="CellBulkhead"/>. Each setter validates its value.</summary>
public sealed class CellBulkheadOptions
{
    /// <summary>The probe interval when none is set: 5 seconds.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(5);

    private int _maxLeftRunningPerCell = 1;
    private TimeSpan _probeInterval = DefaultProbeInterval;
    private TimeProvider? _timeProvider;

    /// <summary>
    /// How many calls a cell may have left running (still running after their scatter-gather call's timeout) before it
    /// counts as hung. A hung cell's calls answer did-not-respond at once, without taking a worker, except one probe per
    /// <see cref="ProbeInterval"/>; so a cell never holds more than this many workers plus one probe. Default 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="ExecutorOptions.MaxWorkersLimit"/>.</exception>
    public int MaxLeftRunningPerCell
    {
        get => _maxLeftRunningPerCell;
        set => _maxLeftRunningPerCell = value is >= 1 and <= ExecutorOptions.MaxWorkersLimit
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"MaxLeftRunningPerCell {value} is not accepted: use 1 to {ExecutorOptions.MaxWorkersLimit}.");
    }

    /// <summary>
    /// How often a hung cell gets one real call (a circuit breaker's half-open probe). A probe that answers brings the
    /// cell back at once; a cell whose left-running calls all end comes back without one. Default 5 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative, or longer than a timer holds (about 49.7 days).</exception>
    public TimeSpan ProbeInterval
    {
        get => _probeInterval;
        set => _probeInterval = value > TimeSpan.Zero && value <= Core.TimerLimits.Max
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, Core.TimerLimits.TooLong("ProbeInterval", value, "use a positive duration"));
    }

    /// <summary>The clock for probe intervals and the hung-since times; tests inject their own.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider ?? TimeProvider.System;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null: use TimeProvider.System or a test clock.");
    }

    /// <summary>The clock a caller set, or null when it was left to the default (a simulation's clock inside one).</summary>
    internal TimeProvider? ChosenTimeProvider => _timeProvider;
}
