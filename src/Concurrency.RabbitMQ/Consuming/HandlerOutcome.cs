namespace Concurrency.RabbitMQ;

/// <summary>What a handler did with one message: its reply, or the exception it threw.</summary>
/// <param name="Reply">The reply's body, when <paramref name="Error"/> is null.</param>
/// <param name="Error">The handler's exception, or null when it completed.</param>
internal readonly record struct HandlerOutcome(ReadOnlyMemory<byte> Reply, Exception? Error);
