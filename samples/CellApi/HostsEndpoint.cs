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

        var cells = catalog.Cells.Select(cell => cell.Cell);
        var results = catalog.AllSqlite
            // The web recipe (docs/web-services.md): a blocking driver through context.Query, and the gather offloads
            // it to native threads on a cooperative loop; on threads it runs in place.
            ? await gatherer.AllCellsAsync(
                cells, context => HostStateQueries.ReadSqlite(context, options.Latency), new ScatterGatherOptions { OffloadBlockingQueries = true }, cancellationToken)
            // Npgsql waits without a thread. A catalog of both kinds gathers this way, its SQLite cells in place (the
            // gather warns, event 108, when one holds a loop).
            : await gatherer.AllCellsAsync(
                cells,
                context => catalog.Kinds[context.Cell.Id] == CellKind.Postgres
                    ? HostStateQueries.ReadPostgresAsync(context, options.Latency)
                    : Task.FromResult(HostStateQueries.ReadSqlite(context, options.Latency)),
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
