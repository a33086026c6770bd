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
            context => HostStateQueries.ReadAsync(context.Cell, _kinds[context.Cell.Id], options.Latency, offload, context.CancellationToken),
            new ScatterGatherOptions { Executor = executor, Timeout = options.Timeout, Logger = logger });
        stopwatch.Stop();
        return new GatherRun(results, stopwatch.Elapsed);
    }
}

internal sealed record GatherRun(CellResults<List<HostState>> Results, TimeSpan Elapsed)
{
    public int Hosts => Results.Values.Sum(hosts => hosts.Count);
}
