using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.RabbitMQ;

/// <summary>Adds consumers to the broker connection <c>AddRabbitMq</c> registered.</summary>
public sealed class RabbitMqBuilder
{
    internal RabbitMqBuilder(IServiceCollection services) => Services = services;

    /// <summary>The container.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Consumes <paramref name="queue"/> while the host runs, each message handled on the named pool of the process's
    /// backend (<c>Concurrency:Pools:&lt;backend&gt;:&lt;pool&gt;</c> sizes it, and the prefetch with it).
    /// </summary>
    /// <param name="queue">The queue.</param>
    /// <param name="handler">Makes the handler from the container, once, at start.</param>
    /// <param name="pool">The pool the handlers run on.</param>
    /// <param name="configure">Sets the attempts, the dead-letter queue, the stop timeout, the key and the rest.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The queue name is not one RabbitMQ accepts; the message names it.</exception>
    public RabbitMqBuilder AddConsumer(string queue, Func<IServiceProvider, MessageHandler> handler, string pool = PoolNames.Default, Action<MessageConsumerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(pool);
        var options = new MessageConsumerOptions { Queue = queue };
        configure?.Invoke(options);
        options.Validate();
        Services.AddSingleton(new ConsumerRegistration(pool, handler, options));
        return this;
    }
}
