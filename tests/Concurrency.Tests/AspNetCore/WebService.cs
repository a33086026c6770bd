using Concurrency.Hosting;
using Concurrency.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Concurrency.Tests.AspNetCore;

/// <summary>
/// A real ASP.NET Core service on Kestrel, on a free port of 127.0.0.1, with AddConcurrency. The backend is chosen by
/// a selector of its own, so these tests never fix the test process's backend.
/// </summary>
internal sealed class WebService : IAsyncDisposable
{
    private WebService(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<WebService> StartAsync(
        Dictionary<string, string?> settings,
        Action<WebApplication> map,
        RecordingLoggerProvider? logs = null,
        Action<IServiceCollection>? more = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        }

        string? ReadEnvironment(string name) => null;
        var selector = new BackendSelector(new BackendRegistry(), ReadEnvironment);
        builder.Services.AddSingleton(new BackendChooser(ReadEnvironment, () => selector.Current, selector.Select));
        builder.Services.AddConcurrency(builder.Configuration);
        builder.Services.AddHealthChecks().AddConcurrency();
        more?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync().Within();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new WebService(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TestTimeouts.Ceiling });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync().Within();
        await App.DisposeAsync();
    }
}
