namespace Concurrency.RabbitMQ;

/// <summary>Thrown by a handler for a message no attempt can handle (a body that does not parse, say): the message is dead-lettered at once, with the reason.</summary>
public sealed class MalformedMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MalformedMessageException()
        : base("The message is malformed.")
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    /// <param name="message">Why the message cannot be handled; it goes into the dead-lettered message's headers.</param>
    public MalformedMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that found it.</summary>
    /// <param name="message">Why the message cannot be handled.</param>
    /// <param name="innerException">The parser's error, say.</param>
    public MalformedMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
