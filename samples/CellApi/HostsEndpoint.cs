using System.Diagnostics;
using CellScheduler;
using Concurrency;
using Concurrency.Cells;

namespace CellApi;

/// <summary>GET /hosts: every cell's host states, gathered at once, each cell's outcome reported.</summary>
internal static class HostsEndpoint
{
    public static async Task<HostsAnswer> GetAsync(ScatterGatherer gatherer, CellCatalog catalog, CellApiOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();

        // The blocking SQLite driver goes to the loop's offload threads on the cooperative backend; nothing changes on threads.
        bool offload = CooperativeLoop.Current is not null;
        var results = await gatherer.AllCellsAsync(
            catalog.Cells.Select(cell => cell.Cell),
            context => HostStateQueries.ReadAsync(context.Cell, catalog.Kinds[context.Cell.Id], options.Latency, offload, context.CancellationToken),
            cancellationToken: cancellationToken);
        return new HostsAnswer(
            results.Values.Sum(hosts => hosts.Count),
            [.. results.Select(result => new CellAnswer(result.Cell.Name, result.Outcome.ToString(), result.IsFailure ? 0 : result.Value.Count, result.Reason))],
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The baseline without the library: a task per cell on the .NET pool, at most <c>BaselineLimit</c> at once.</summary>
    public static async Task<HostsAnswer> GetBaselineAsync(CellCatalog catalog, CellApiOptions options, SemaphoreSlim limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var calls = catalog.Cells.Select(cell => Task.Run(
            async () =>
            {
                await limit.WaitAsync(cancellationToken);
                try
                {
                    return await HostStateQueries.ReadAsync(cell.Cell, cell.Kind, options.Latency, offload: false, cancellationToken);
                }
                finally
                {
                    limit.Release();
                }
            },
            cancellationToken)).ToList();
        var hosts = await Task.WhenAll(calls);
        return new HostsAnswer(
            hosts.Sum(list => list.Count),
            [.. catalog.Cells.Zip(hosts, (cell, list) => new CellAnswer(cell.Cell.Name, nameof(CellOutcome.Responded), list.Count, null))],
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

internal sealed record HostsAnswer(int Hosts, IReadOnlyList<CellAnswer> Cells, double ElapsedMs);

internal sealed record CellAnswer(string Cell, string Outcome, int Hosts, string? Reason);
