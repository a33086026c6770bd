namespace Concurrency.PeriodicWork;

/// <summary>Settings for <see cref="PeriodicWorker"/>.</summary>
public sealed class PeriodicWorkerOptions
{
    private TimeProvider? _timeProvider;
    private TimeSpan _retryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How the next run is placed after each run; futurist's default, <see cref="ScheduleStrategy.LastStarted"/>.</summary>
    public ScheduleStrategy Strategy { get; set; } = ScheduleStrategy.LastStarted;

    /// <summary>Called when a callback throws or its submission is refused; its own exceptions are ignored.</summary>
    public Action<PeriodicFailure>? OnFailure { get; set; }

    /// <summary>The clock every schedule uses; tests inject their own.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider ?? TimeProvider.System;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null: use TimeProvider.System or a test clock.");
    }

    /// <summary>The clock a caller set, or null when it was left to the default (a simulation's clock inside one).</summary>
    internal TimeProvider? ChosenTimeProvider => _timeProvider;

    /// <summary>How long after a refused submission (backlog full, executor shut down) it is tried again; default 1 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan RetryDelay
    {
        get => _retryDelay;
        set => _retryDelay = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"RetryDelay {value} is not accepted: use a positive duration.");
    }

    /// <summary>Where the jitter strategies get a number in [0, 1); default <see cref="Random.Shared"/>.</summary>
    public Func<double> Jitter { get; set; } = static () => Random.Shared.NextDouble();
}
