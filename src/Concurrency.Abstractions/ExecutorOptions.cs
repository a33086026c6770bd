namespace Concurrency;

/// <summary>Settings every backend understands. Each setter validates its value.</summary>
public class ExecutorOptions
{
    private string? _name;
    private int? _maxWorkers;
    private int? _maxBacklog;
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The executor's name in logs, thread names and metrics; null gives a generated name.</summary>
    /// <exception cref="ArgumentException">The name is empty, white space, or contains a control character.</exception>
    public string? Name
    {
        get => _name;
        set
        {
            if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl)))
            {
                throw new ArgumentException(
                    $"Executor name '{value}' is not accepted: use null for a generated name, or text with at least one visible character and no control characters.",
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

    /// <summary>The largest value <see cref="MaxWorkers"/> accepts.</summary>
    public const int MaxWorkersLimit = 32_767;
}
