namespace Concurrency.Testing;

/// <summary>What the simulation itself found wrong with a run, beside the test's own assertions.</summary>
public enum SimulationFailureKind
{
    /// <summary>The test waited while nothing was ready and no timer was due: nothing could ever wake it.</summary>
    Deadlock,

    /// <summary>A step blocked the simulation's one thread (a blocking wait), so the run could not go on.</summary>
    Blocked,

    /// <summary>Work left the simulation and ran in real time, so the run cannot be replayed.</summary>
    Escaped,

    /// <summary>The run went past its step or virtual-time limit without the test ending.</summary>
    Limit,

    /// <summary>An exception escaped a callback (an <c>async void</c> method, a timer) and nothing observed it.</summary>
    Unhandled,
}

/// <summary>A problem the simulation found in a run: a deadlock, a blocked thread, an escape, a limit, an unobserved exception.</summary>
public sealed class SimulationException : Exception
{
    /// <summary>Creates the exception for an unspecified problem.</summary>
    public SimulationException()
        : this("The simulation found a problem in the run.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SimulationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SimulationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a kind of problem.</summary>
    /// <param name="kind">What the simulation found.</param>
    /// <param name="message">What went wrong, and where.</param>
    /// <param name="innerException">The cause, if an exception was it.</param>
    public SimulationException(SimulationFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What the simulation found.</summary>
    public SimulationFailureKind Kind { get; }
}
