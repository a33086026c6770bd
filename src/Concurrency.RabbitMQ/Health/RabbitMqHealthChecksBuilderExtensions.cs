using Concurrency.RabbitMQ;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the broker connection's health to a service's health checks.</summary>
public static class RabbitMqHealthChecksBuilderExtensions
{
    /// <summary>Unhealthy while the connection <c>AddRabbitMq</c> made is down, naming the consumers that wait for it.</summary>
    /// <param name="builder">The health checks.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddRabbitMq(this IHealthChecksBuilder builder, string name = "rabbitmq", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, provider => new RabbitMqHealthCheck(provider.GetRequiredService<RabbitMqService>()), HealthStatus.Unhealthy, tags));
    }
}
