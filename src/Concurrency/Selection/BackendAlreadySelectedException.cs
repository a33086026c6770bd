namespace Concurrency;

/// <summary>Thrown when a process that has already selected one backend asks for a different one.</summary>
public sealed class BackendAlreadySelectedException : BackendSelectionException
{
    /// <summary>Creates the exception with a default message.</summary>
    public BackendAlreadySelectedException()
        : this("A different concurrency backend was already selected for this process.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BackendAlreadySelectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BackendAlreadySelectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the backend in force and the one asked for.</summary>
    /// <param name="selected">The backend the process uses.</param>
    /// <param name="selectedBy">How it was chosen.</param>
    /// <param name="requested">The backend asked for now.</param>
    public BackendAlreadySelectedException(string selected, string selectedBy, string requested)
        : base($"The '{selected}' concurrency backend was already selected for this process ({selectedBy}); it cannot change to '{requested}'. Choose the backend once, before the first executor is created.")
    {
        Selected = selected;
        Requested = requested;
    }

    /// <summary>The backend the process uses.</summary>
    public string? Selected { get; }

    /// <summary>The backend that was asked for.</summary>
    public string? Requested { get; }
}
