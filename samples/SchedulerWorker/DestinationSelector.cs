using System.Text.Json;
using CellScheduler;
using Concurrency;
using Concurrency.Cells;
using Concurrency.RabbitMQ;
using Microsoft.Extensions.Logging;

namespace SchedulerWorker;

/// <summary>
/// Handles one select_destinations request: gathers every cell's host states at once, keeps the hosts with room,
/// weighs them by free memory then free vCPUs (Nova's RAM weigher first), and replies with the best.
/// </summary>
internal sealed partial class DestinationSelector(ScatterGatherer gatherer, IReadOnlyList<CellDatabase> cells, WorkerOptions options, ILogger<DestinationSelector> logger)
{
    public async ValueTask<ReadOnlyMemory<byte>> HandleAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        SelectDestinationsRequest request;
        try
        {
            request = JsonSerializer.Deserialize(message.Body.Span, SchedulerJson.Default.SelectDestinationsRequest)
                ?? throw new MalformedMessageException("the body is JSON null, not a select_destinations request");
        }
        catch (JsonException error)
        {
            throw new MalformedMessageException($"the body is not a select_destinations request: {error.Message}", error);
        }

        Log.Started(logger, request.RequestId, options.Name, message.Attempt);
        if (request.HoldFirstDeliveryMilliseconds > 0 && !message.Redelivered)
        {
            await Task.Delay(request.HoldFirstDeliveryMilliseconds, cancellationToken);
        }

        // As the web recipe: the blocking SQLite driver through context.Query, offloaded by the gather to native threads
        // on a cooperative loop, run in place on threads.
        var results = await gatherer.AllCellsAsync(
            cells.Select(cell => cell.Cell),
            context => HostStateQueries.ReadSqlite(context, options.Latency),
            new ScatterGatherOptions { OffloadBlockingQueries = true },
            cancellationToken);
        var hosts = results.Values
            .SelectMany(states => states)
            .Where(host => host.VcpusTotal - host.VcpusUsed >= request.Vcpus && host.MemoryMbFree >= request.MemoryMb)
            .OrderByDescending(host => host.MemoryMbFree)
            .ThenByDescending(host => host.VcpusTotal - host.VcpusUsed)
            .Take(request.Count)
            .Select(host => host.Host)
            .ToList();
        int failed = results.Count(result => result.IsFailure);
        var reply = new SelectDestinationsReply(request.RequestId, options.Name, hosts, results.Count - failed, failed, message.Attempt);
        return JsonSerializer.SerializeToUtf8Bytes(reply, SchedulerJson.Default.SelectDestinationsReply);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Request {RequestId} started on {Worker} (attempt {Attempt})")]
        public static partial void Started(ILogger logger, string requestId, string worker, int attempt);
    }
}
