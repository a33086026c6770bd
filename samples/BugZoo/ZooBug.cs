using Concurrency.Testing;

namespace BugZoo;

/// <summary>One service bug and its fix: a scenario that throws <see cref="BugFoundException"/> when the bug shows.</summary>
public abstract class ZooBug
{
    /// <summary>A short name, as benchmarks and tests print it.</summary>
    public abstract string Name { get; }

    /// <summary>What goes wrong, in a sentence.</summary>
    public abstract string Summary { get; }

    /// <summary>Runs the scenario once on <paramref name="run"/>'s backend, with the buggy or the fixed service.</summary>
    public abstract Task RunAsync(BackendRun run, bool fixedVersion);

    /// <summary>Whether a run's failure is this bug showing (rather than the scenario breaking some other way).</summary>
    public virtual bool Shows(Exception failure) => failure is BugFoundException;

    /// <summary>A duration for the simulation, or its stand-in in real time so runs on real backends stay short.</summary>
    protected static TimeSpan Scaled(BackendRun run, TimeSpan simulated, TimeSpan real) => run.IsSimulated ? simulated : real;

    /// <summary>
    /// Waits for <paramref name="work"/>. In a simulation a wait that can never end is reported as a deadlock by the
    /// simulation itself; on a real backend it is called one after <paramref name="real"/>.
    /// </summary>
    protected static async Task WithinAsync(BackendRun run, Task work, TimeSpan real, string deadlock)
    {
        if (run.IsSimulated)
        {
            await work;
            return;
        }

        try
        {
            await work.WaitAsync(real);
        }
        catch (TimeoutException)
        {
            throw new BugFoundException(deadlock);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The scenario saw the bug it is about.</summary>
public sealed class BugFoundException : Exception
{
    public BugFoundException()
        : this("The bug showed.")
    {
    }

    public BugFoundException(string message)
        : base(message)
    {
    }

    public BugFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Every bug of the zoo.</summary>
public static class Zoo
{
    public static IReadOnlyList<ZooBug> All { get; } =
    [
        new DoubleBooking(),
        new LostUpdate(),
        new NestedSubmission(),
        new AbandonedConnection(),
        new HungCell(),
        new Redelivery(),
        new PeriodicOverlap(),
        new IgnoredCancellation(),
    ];

    public static ZooBug Get(string name) =>
        All.FirstOrDefault(bug => bug.Name == name)
        ?? throw new ArgumentException($"Bug '{name}' is not in the zoo: use one of {string.Join(", ", All.Select(bug => bug.Name))}.", nameof(name));
}
