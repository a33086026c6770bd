using Concurrency.AspNetCore;
using Concurrency.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the pools' health to ASP.NET Core health checks.</summary>
public static class ConcurrencyHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that is unhealthy once the pools are shut down and degraded while a pool starves (work waiting,
    /// every worker busy), holds calls left running on hung cells, or has a cell whose latest calls all failed or did
    /// not respond (<see cref="ConcurrencyHealthCheckOptions.UnansweredCallsForDegraded"/>, 3 by default); the
    /// description names the pool and the cell.
    /// </summary>
    /// <param name="builder">The health checks.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by, such as <c>ready</c>.</param>
    /// <param name="configure">Sets the check's settings, such as how many unanswered calls in a row make a cell
    /// degrade the service; null keeps the defaults.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range; the message names the value and the range.</exception>
    public static IHealthChecksBuilder AddConcurrency(
        this IHealthChecksBuilder builder, string name = "concurrency", IEnumerable<string>? tags = null, Action<ConcurrencyHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        var options = new ConcurrencyHealthCheckOptions();
        configure?.Invoke(options);
        return builder.Add(new HealthCheckRegistration(
            name, provider => new ConcurrencyHealthCheck(provider.GetRequiredService<ConcurrencyHost>(), options), failureStatus: null, tags));
    }
}
