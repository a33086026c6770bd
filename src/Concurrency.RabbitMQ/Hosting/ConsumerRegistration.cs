namespace Concurrency.RabbitMQ;

/// <summary>A consumer the host starts: its queue settings, its pool and how to make its handler.</summary>
internal sealed record ConsumerRegistration(string Pool, Func<IServiceProvider, MessageHandler> Handler, MessageConsumerOptions Options);
