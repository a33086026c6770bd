using Concurrency.AspNetCore;
using Concurrency.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the pools' health to ASP.NET Core health checks.</summary>
public static class ConcurrencyHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that is unhealthy once the pools are shut down and degraded while a pool starves (work waiting,
    /// every worker busy) or holds calls left running on hung cells; the description names the pool.
    /// </summary>
    /// <param name="builder">The health checks.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by, such as <c>ready</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddConcurrency(this IHealthChecksBuilder builder, string name = "concurrency", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name, provider => new ConcurrencyHealthCheck(provider.GetRequiredService<ConcurrencyHost>()), failureStatus: null, tags));
    }
}
