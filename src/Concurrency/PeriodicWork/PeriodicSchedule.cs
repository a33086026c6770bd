namespace Concurrency.PeriodicWork;

/// <summary>futurist's scheduling arithmetic, in seconds on the worker's clock, exposed so it can be checked exactly.</summary>
public static class PeriodicSchedule
{
    /// <summary>The largest jitter, as a fraction of the spacing.</summary>
    public const double MaxJitter = 0.05;

    /// <summary>When a callback runs next.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <param name="spacing">The callback's spacing in seconds, above zero.</param>
    /// <param name="startedAt">When the last run started, in seconds.</param>
    /// <param name="finishedAt">When the last run finished, in seconds.</param>
    /// <param name="jitter">A number in [0, 1) that scales the jitter strategies' jitter; ignored by the others.</param>
    /// <returns>The next run's time in seconds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The spacing is not above zero, the jitter is outside [0, 1), or the strategy is unknown.</exception>
    public static double NextRun(ScheduleStrategy strategy, double spacing, double startedAt, double finishedAt, double jitter = 0)
    {
        if (!(spacing > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), spacing, $"Spacing {spacing} is not accepted: use a number of seconds above zero.");
        }

        if (jitter is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, $"Jitter {jitter} is not accepted: use a number from 0 up to, not including, 1.");
        }

        // C#'s % on doubles is C's fmod, which futurist's aligned strategy uses.
        return strategy switch
        {
            ScheduleStrategy.LastStarted => startedAt + spacing,
            ScheduleStrategy.LastFinished => finishedAt + spacing,
            ScheduleStrategy.AlignedLastFinished => finishedAt - (finishedAt % spacing) + spacing,
            ScheduleStrategy.LastStartedJitter => startedAt + spacing + (jitter * MaxJitter * spacing),
            ScheduleStrategy.LastFinishedJitter => finishedAt + spacing + (jitter * MaxJitter * spacing),
            ScheduleStrategy.AlignedLastFinishedJitter => finishedAt - (finishedAt % spacing) + spacing + (jitter * MaxJitter * spacing),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, $"Schedule strategy {strategy} is not accepted: use one of {string.Join(", ", Enum.GetNames<ScheduleStrategy>())}."),
        };
    }
}
