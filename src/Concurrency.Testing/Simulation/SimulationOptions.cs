namespace Concurrency.Testing;

/// <summary>How many seeds a simulated test explores, and the limits that turn a stuck run into a clear failure.</summary>
public sealed class SimulationOptions
{
    /// <summary>The environment variable that replays one seed: every simulated test then runs that seed only.</summary>
    public const string SeedVariable = "CONCURRENCY_SIMULATION_SEED";

    /// <summary>The environment variable that sets how many seeds each simulated test explores (CI and benchmarks).</summary>
    public const string SeedsVariable = "CONCURRENCY_SIMULATION_SEEDS";

    private int _seeds = 100;
    private int _firstSeed = 1;
    private long _maxSteps = 1_000_000;
    private TimeSpan _maxVirtualTime = TimeSpan.FromDays(30);
    private TimeSpan _deadlockAfter = TimeSpan.FromMinutes(10);
    private TimeSpan _blockedAfter = TimeSpan.FromSeconds(5);
    private TimeSpan _escapeWait = TimeSpan.FromSeconds(1);
    private int _traceLength = 40;

    /// <summary>How many seeds to explore, from <see cref="FirstSeed"/>; default 100. <see cref="SeedsVariable"/> overrides it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is under 1.</exception>
    public int Seeds
    {
        get => _seeds;
        set => _seeds = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"Seeds {value} is not accepted: use 1 or more.");
    }

    /// <summary>The first seed explored; default 1.</summary>
    public int FirstSeed
    {
        get => _firstSeed;
        set => _firstSeed = value;
    }

    /// <summary>Steps one run may take before it fails as a livelock; default 1,000,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is under 1.</exception>
    public long MaxSteps
    {
        get => _maxSteps;
        set => _maxSteps = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"MaxSteps {value} is not accepted: use 1 or more.");
    }

    /// <summary>Virtual time one run may reach; default 30 days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan MaxVirtualTime
    {
        get => _maxVirtualTime;
        set => _maxVirtualTime = Positive(value, nameof(MaxVirtualTime));
    }

    /// <summary>
    /// How long, in virtual time, only periodic timers (statistics, starvation checks) may fire while the test waits
    /// before the wait is called a deadlock; default 10 minutes. A one-shot timer always ends the wait.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan DeadlockAfter
    {
        get => _deadlockAfter;
        set => _deadlockAfter = Positive(value, nameof(DeadlockAfter));
    }

    /// <summary>Real time one step may hold the simulation's thread before it is called a blocking wait; default 5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan BlockedAfter
    {
        get => _blockedAfter;
        set => _blockedAfter = Positive(value, nameof(BlockedAfter));
    }

    /// <summary>Whether a run may pass with escapes (reported in <see cref="SimulationRun.Escapes"/>); default false: an escape fails the run.</summary>
    public bool AllowEscapes { get; set; }

    /// <summary>Real time the simulation waits for escaped work to come back before it moves time on; default 1 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan EscapeWait
    {
        get => _escapeWait;
        set => _escapeWait = Positive(value, nameof(EscapeWait));
    }

    /// <summary>How many of the last events a failure shows; default 40, 0 for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int TraceLength
    {
        get => _traceLength;
        set => _traceLength = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"TraceLength {value} is not accepted: use 0 or more.");
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is not accepted: use a positive duration.");
}
