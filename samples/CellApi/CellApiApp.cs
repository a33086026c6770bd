using CellScheduler;
using Concurrency.AspNetCore;
using Concurrency.Cells;

namespace CellApi;

/// <summary>
/// A Nova-API-like service: GET /hosts gathers every cell's host states, /status shows the pools, /health the
/// health check. Handlers run on the backend chosen by <c>DISABLE_COOPERATIVE_MODE</c>.
/// </summary>
internal static class CellApiApp
{
    public const string Usage =
        """
        usage: CellApi [--urls http://127.0.0.1:5080] [--Section:Key=value ...]
               CellApi --help

          GET /hosts gathers every cell's host count; /status and /health report the pools. Settings are configuration
          keys (appsettings.json, --Key=value or environment variables):
          --CellApi:SqliteCells=N           SQLite cell files made at start, 0 to 1000 (default 4)
          --CellApi:Postgres:0=CONNECTION   a PostgreSQL cell per connection string
          --CellApi:HostsPerCell=N          hosts per cell, 0 to 10000 (default 5)
          --CellApi:LatencyMilliseconds=MS  each cell query's latency, 0 to 60000 (default 20)
          --CellApi:Mode=library|baseline   the library (default) or plain ASP.NET with Task.Run per cell
          --Concurrency:...                 the pools (see the configuration reference)
          DISABLE_COOPERATIVE_MODE=true     run on native threads instead of the cooperative loop
        """;

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddConcurrency(builder.Configuration);
        builder.Services.AddHealthChecks().AddConcurrency();
        var options = new CellApiOptions();
        builder.Configuration.GetSection(CellApiOptions.SectionName).Bind(options);
        options.Validate();
        builder.Services.AddSingleton(options);
        var catalog = await CellCatalog.OpenAsync(options, Console.Error);
        builder.Services.AddSingleton(catalog);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(catalog.Dispose);
        if (options.IsBaseline)
        {
            // The fair baseline: the .NET pool may start as many threads at once as the calls it must block for.
            ThreadPool.GetMinThreads(out _, out int io);
            ThreadPool.SetMinThreads(options.BaselineLimit, Math.Max(io, options.BaselineLimit));
            var limit = new SemaphoreSlim(options.BaselineLimit);
            app.MapGet("/hosts", (CellCatalog cells, CancellationToken aborted) => HostsEndpoint.GetBaselineAsync(cells, options, limit, aborted));
            app.MapGet("/ping", () => "pong");
        }
        else
        {
            var api = app.MapGroup("/").RunOnExecutor();
            api.MapGet("/hosts", (ScatterGatherer gatherer, CellCatalog cells, CancellationToken aborted) => HostsEndpoint.GetAsync(gatherer, cells, options, aborted));

            // A no-op handler through the executor: its latency against the baseline's /ping is the cost of RunOnExecutor.
            api.MapGet("/ping", () => "pong");
        }

        app.MapConcurrencyStatus("/status");
        app.MapHealthChecks("/health");
        return app;
    }
}
