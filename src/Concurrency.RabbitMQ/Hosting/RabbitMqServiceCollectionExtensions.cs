using Concurrency.RabbitMQ;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a RabbitMQ connection and its consumers in a service container.</summary>
public static class RabbitMqServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>RabbitMQ</c> section of <paramref name="configuration"/> (<see cref="RabbitMqOptions"/>) and
    /// registers <see cref="RabbitMqService"/>, which connects when the host starts and runs the consumers added
    /// through the returned builder, and reports them on the container's meter factory (<c>concurrency.messages</c>
    /// by outcome, <c>concurrency.messages.in_flight</c>, <c>concurrency.consumer.connected</c>, per queue). Call it after <c>AddConcurrency</c>: the consumers stop before the pools do.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <returns>A builder to add consumers with.</returns>
    public static RabbitMqBuilder AddRabbitMq(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Options.IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>());
        services.AddSingleton(provider => new RabbitMqService(
            provider.GetRequiredService<Options.IOptions<RabbitMqOptions>>(),
            provider.GetRequiredService<Concurrency.Hosting.ConcurrencyHost>(),
            provider.GetServices<ConsumerRegistration>(),
            provider,
            provider.GetRequiredService<Logging.ILoggerFactory>(),
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddHostedService(provider => provider.GetRequiredService<RabbitMqService>());
        return new RabbitMqBuilder(services);
    }
}
