using Concurrency.Hosting;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Concurrency.Tests.Hosting;

/// <summary>
/// A real generic host with AddConcurrency. The backend is chosen by a selector of its own with a given environment,
/// so these tests never fix the test process's backend.
/// </summary>
internal static class HostedConcurrency
{
    public static IHost Build(
        Dictionary<string, string?> settings, string? environmentValue = null, RecordingLoggerProvider? logs = null, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        }

        string? ReadEnvironment(string name) => name == ConcurrencyBackend.EnvironmentVariable ? environmentValue : null;
        var selector = new BackendSelector(new BackendRegistry(), ReadEnvironment);
        builder.Services.AddSingleton(new BackendChooser(ReadEnvironment, () => selector.Current, selector.Select));
        builder.Services.AddConcurrency(builder.Configuration);
        more?.Invoke(builder.Services);
        return builder.Build();
    }
}
