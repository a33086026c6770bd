using Concurrency;
using Concurrency.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Concurrency's pools in a service container.</summary>
public static class ConcurrencyServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>Concurrency</c> section of <paramref name="configuration"/> (see <see cref="ConcurrencyOptions"/>),
    /// validates it when the host starts, and registers <see cref="ExecutorPools"/>, <see cref="IExecutor"/> (the
    /// <c>default</c> pool), <see cref="Concurrency.Cells.ScatterGatherer"/> (on the <c>scatter-gather</c> pool, the
    /// host's logger and the configured timeout; the process's default while the host runs), and
    /// <see cref="ExecutorMetrics"/> and <see cref="Concurrency.Cells.ScatterGatherMetrics"/> (on the container's
    /// <c>IMeterFactory</c> when there is one), and <see cref="ConcurrencyHost"/> (what was set up, for status pages).
    /// Every pool shuts down when the host stops.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The application's configuration; its <c>Concurrency</c> section is read.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddConcurrency(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConcurrencyOptions.SectionName);
        services.AddSingleton<IValidateOptions<ConcurrencyOptions>>(new ConfigurationValuesValidator(section));
        return services.AddConcurrencyCore(builder => builder.Bind(section));
    }

    /// <summary>Registers the pools with settings made in code; otherwise as <see cref="AddConcurrency(IServiceCollection, IConfiguration)"/>.</summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddConcurrency(this IServiceCollection services, Action<ConcurrencyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddConcurrencyCore(builder => builder.Configure(configure));
    }

    private static IServiceCollection AddConcurrencyCore(this IServiceCollection services, Action<OptionsBuilder<ConcurrencyOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ConcurrencyOptions>();
        configure(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConcurrencyOptions>, ConcurrencyOptionsValidator>());
        services.TryAddSingleton(BackendChooser.Process);
        services.TryAddSingleton<ConcurrencyRuntime>();
        services.TryAddSingleton(provider => provider.GetRequiredService<ConcurrencyRuntime>().Pools);
        services.TryAddSingleton(provider => provider.GetRequiredService<ConcurrencyRuntime>().Metrics);
        services.TryAddSingleton(provider => provider.GetRequiredService<ExecutorPools>().Default);
        services.TryAddSingleton(provider => provider.GetRequiredService<ConcurrencyRuntime>().ScatterGatherer);
        services.TryAddSingleton(provider => provider.GetRequiredService<ConcurrencyRuntime>().Host);
        services.TryAddSingleton(provider => provider.GetRequiredService<ConcurrencyRuntime>().ScatterGatherMetrics);
        services.AddHostedService<ConcurrencyLifetime>();
        return services;
    }
}
