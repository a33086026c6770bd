namespace Concurrency;

/// <summary>
/// Thrown when the backend cannot be chosen: the environment variable has a value that is not accepted, the name is
/// unknown, or the backend's assembly is not referenced.
/// </summary>
public class BackendSelectionException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public BackendSelectionException()
        : this("The concurrency backend could not be selected.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BackendSelectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BackendSelectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
