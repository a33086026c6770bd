namespace Concurrency.PeriodicWork;

/// <summary>
/// Thrown by a periodic callback to stop itself: it is not run again, and the run counts as a success.
/// </summary>
public sealed class NeverAgainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NeverAgainException()
        : base("The periodic callback asked not to be run again.")
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    /// <param name="message">Why the callback stops.</param>
    public NeverAgainException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    /// <param name="message">Why the callback stops.</param>
    /// <param name="innerException">The cause.</param>
    public NeverAgainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
