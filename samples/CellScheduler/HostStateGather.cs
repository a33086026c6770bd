using System.Diagnostics;
using Concurrency;
using Microsoft.Extensions.Logging;
using Concurrency.Cells;

namespace CellScheduler;

/// <summary>Gathers every cell's host states (cell0 skipped) with one scatter-gather call and times it.</summary>
internal sealed class HostStateGather(IReadOnlyList<CellDatabase> cells, SchedulerOptions options, ILogger logger)
{
    private readonly Dictionary<string, CellKind> _kinds = cells.ToDictionary(cell => cell.Cell.Id, cell => cell.Kind);

    public IReadOnlyList<CellDatabase> Cells => cells;

    public async Task<GatherRun> RunAsync(IExecutor executor, bool offload)
    {
        var stopwatch = Stopwatch.StartNew();
        var results = await ScatterGather.MatchingCellsAsync(
            cells.Select(cell => cell.Cell),
            ScatterGather.ExceptCell0,
            context => QueryAsync(context, offload),
            new ScatterGatherOptions { Executor = executor, Timeout = options.Timeout, Logger = logger });
        stopwatch.Stop();
        return new GatherRun(results, stopwatch.Elapsed);
    }

    private Task<List<HostState>> QueryAsync(CellContext context, bool offload)
    {
        if (_kinds[context.Cell.Id] == CellKind.Postgres)
        {
            return HostStateQueries.ReadPostgresAsync(context, options.Latency);
        }

        // The blocking driver: on a cooperative loop it holds the loop unless offloaded; on threads it holds one worker.
        return offload
            ? Offload.RunAsync(_ => HostStateQueries.ReadSqlite(context, options.Latency), context.CancellationToken)
            : Task.FromResult(HostStateQueries.ReadSqlite(context, options.Latency));
    }
}

internal sealed record GatherRun(CellResults<List<HostState>> Results, TimeSpan Elapsed)
{
    public int Hosts => Results.Values.Sum(hosts => hosts.Count);
}
