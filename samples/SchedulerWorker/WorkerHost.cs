using CellScheduler;
using Concurrency.Cells;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SchedulerWorker;

/// <summary>
/// One scheduler worker process: the pools from <c>Concurrency</c> (backend from DISABLE_COOPERATIVE_MODE), SQLite
/// cell files of its own, and a consumer of select_destinations whose handlers run on the <c>default</c> pool.
/// </summary>
internal static class WorkerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var options = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
        using var folder = SqliteCellFolder.Create(options.SqliteCells, options.HostsPerCell);
        var cells = folder.Cells.Where(cell => !cell.Cell.IsCell0).ToList();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.AddConcurrency(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IReadOnlyList<CellDatabase>>(cells);
        builder.Services.AddSingleton<DestinationSelector>();
        builder.Services.AddRabbitMq(builder.Configuration)
            .AddConsumer(options.Queue, provider => provider.GetRequiredService<DestinationSelector>().HandleAsync, configure: consumer => consumer.Prefetch = options.Prefetch);
        using var host = builder.Build();
        try
        {
            return await host.RunWithExitCodeAsync();
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException error)
        {
            await Console.Error.WriteLineAsync($"The broker at {builder.Configuration["RabbitMQ:Uri"]} could not be reached: {error.InnerException?.Message ?? error.Message}");
            return 1;
        }
    }
}
