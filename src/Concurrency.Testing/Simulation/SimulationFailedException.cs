namespace Concurrency.Testing;

/// <summary>A seed whose run failed: its message has the seed, the cause, the last events and the command that replays it.</summary>
public sealed class SimulationFailedException : Exception
{
    /// <summary>Creates the exception without a run.</summary>
    public SimulationFailedException()
        : this("A simulated run failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SimulationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public SimulationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed run.</summary>
    /// <param name="run">The run; its <see cref="SimulationRun.Failure"/> is the cause.</param>
    /// <param name="replayCommand">The command that runs this seed again.</param>
    public SimulationFailedException(SimulationRun run, string replayCommand)
        : base(Describe(run ?? throw new ArgumentNullException(nameof(run)), replayCommand), run.Failure)
    {
        Run = run;
        ReplayCommand = replayCommand;
    }

    /// <summary>The failed run, or null when made without one.</summary>
    public SimulationRun? Run { get; }

    /// <summary>The seed that failed, or null when made without a run.</summary>
    public int? Seed => Run?.Seed;

    /// <summary>The one-line command that replays the seed, or null when made without a run.</summary>
    public string? ReplayCommand { get; }

    private static string Describe(SimulationRun run, string replayCommand)
    {
        var failure = run.Failure;
        string cause = failure is null ? "(no cause recorded)" : $"{failure.GetType().Name}: {failure.Message}";
        var lines = new List<string>
        {
            $"Simulation seed {run.Seed} failed after {run.Steps} steps at {SimulationTrace.Show(run.VirtualTime.Ticks)} of virtual time (trace {run.TraceHash}).",
            cause,
            $"Replay: {replayCommand}",
        };
        if (run.RecentEvents.Count > 0)
        {
            lines.Add($"Last {run.RecentEvents.Count} events:");
            lines.AddRange(run.RecentEvents.Select(line => $"  {line}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
