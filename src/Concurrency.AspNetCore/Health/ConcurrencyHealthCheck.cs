using System.Globalization;
using Concurrency.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Concurrency.AspNetCore;

/// <summary>
/// Unhealthy once the pools are shut down; degraded while a pool has work waiting with every worker busy (it starves),
/// calls left running on hung cells hold its workers, or a cell's latest calls all failed or did not respond; each
/// reason names the pool and the cell.
/// </summary>
internal sealed class ConcurrencyHealthCheck(ConcurrencyHost host, ConcurrencyHealthCheckOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = host.Pools.GetReport();
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["backend"] = host.Backend.Name };
        var down = new List<string>();
        var degraded = new List<string>();
        foreach (var pool in report)
        {
            var state = pool.State;
            data[pool.Pool] = state.ToString();
            if (!state.IsAlive)
            {
                down.Add(pool.Pool);
                continue;
            }

            if (state.Queued > 0 && state.BusyWorkers >= state.MaxWorkers)
            {
                degraded.Add($"the {pool.Pool} pool starves: {state.Queued} queued, all {state.MaxWorkers} workers busy");
            }

            foreach (var cell in pool.Cells ?? [])
            {
                if (cell.LeftRunning > 0)
                {
                    string hung = cell.HungSince is { } since ? string.Create(CultureInfo.InvariantCulture, $", hung since {since:O}") : string.Empty;
                    degraded.Add($"the {pool.Pool} pool has {cell.LeftRunning} call(s) left running on cell {cell.CellName} ({cell.CellId}){hung}");
                }

                if (cell.UnansweredInARow >= options.UnansweredCallsForDegraded)
                {
                    degraded.Add($"cell {cell.CellName} ({cell.CellId}) on the {pool.Pool} pool: its last {cell.UnansweredInARow} call(s) failed or did not respond (last: {cell.LastUnanswered})");
                }
            }
        }

        var result = down.Count > 0
            ? HealthCheckResult.Unhealthy($"Concurrency pools shut down: {string.Join(", ", down)}", data: data)
            : degraded.Count > 0
                ? HealthCheckResult.Degraded(string.Join("; ", degraded), data: data)
                : HealthCheckResult.Healthy($"{report.Count} pool(s) on the {host.Backend.Name} backend, none starving", data);
        return Task.FromResult(result);
    }
}
