namespace Concurrency.RabbitMQ;

/// <summary>
/// Handles one message on the consumer's pool. What it returns is the reply when the message has a reply-to address
/// (the RPC pattern), and is ignored otherwise. Throw <see cref="MalformedMessageException"/> for a message that no
/// attempt can handle; any other exception is a failed attempt.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="cancellationToken">Canceled when the consumer stops and its stop timeout has passed.</param>
/// <returns>The reply's body; empty for none.</returns>
public delegate ValueTask<ReadOnlyMemory<byte>> MessageHandler(DeliveredMessage message, CancellationToken cancellationToken);
