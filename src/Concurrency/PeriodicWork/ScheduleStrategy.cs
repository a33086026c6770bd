namespace Concurrency.PeriodicWork;

/// <summary>How a periodic callback's next run is placed after a run, as in futurist.</summary>
public enum ScheduleStrategy
{
    /// <summary>Next run = last start + spacing.</summary>
    LastStarted,

    /// <summary>Next run = last finish + spacing.</summary>
    LastFinished,

    /// <summary>Next run = the last finish rounded down to a multiple of the spacing, plus the spacing.</summary>
    AlignedLastFinished,

    /// <summary><see cref="LastStarted"/> plus a random jitter of up to 5% of the spacing.</summary>
    LastStartedJitter,

    /// <summary><see cref="LastFinished"/> plus a random jitter of up to 5% of the spacing.</summary>
    LastFinishedJitter,

    /// <summary><see cref="AlignedLastFinished"/> plus a random jitter of up to 5% of the spacing.</summary>
    AlignedLastFinishedJitter,
}
