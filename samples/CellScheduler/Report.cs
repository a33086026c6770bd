using System.Globalization;
using Concurrency;
using Concurrency.Cells;

namespace CellScheduler;

/// <summary>Everything the program prints on standard output.</summary>
internal static class Report
{
    public static void Setup(TextWriter output, string backend, IReadOnlyList<CellDatabase> cells, SchedulerOptions options, string? folder, string offload)
    {
        var sqlite = cells.Count(cell => cell.Kind == CellKind.Sqlite && !cell.Cell.IsCell0);
        var postgres = cells.Count(cell => cell.Kind == CellKind.Postgres);
        output.WriteLine($"backend: {backend}");
        output.WriteLine(Invariant(
            $"cells: {sqlite} SQLite in {folder}, {postgres} PostgreSQL; cell0 skipped; {options.Hosts} hosts per cell; {options.Latency.TotalMilliseconds:0} ms per query; timeout {options.Timeout.TotalSeconds:0.###} s; offload {offload}"));
        output.WriteLine();
    }

    public static void Hosts(TextWriter output, GatherRun run)
    {
        foreach (var result in run.Results)
        {
            if (!result.TryGetValue(out var hosts))
            {
                output.WriteLine($"{result}");
                output.WriteLine();
                continue;
            }

            output.WriteLine($"{result.Cell}: {hosts.Count} hosts");
            if (hosts.Count > 0)
            {
                output.WriteLine("  host              vcpus  used   ram MB  free MB  disk GB  vms");
            }

            foreach (var host in hosts)
            {
                output.WriteLine(Invariant(
                    $"  {host.Host,-16} {host.VcpusTotal,6} {host.VcpusUsed,5} {host.MemoryMbTotal,8} {host.MemoryMbFree,8} {host.DiskGbFree,8} {host.RunningVms,4}"));
            }

            output.WriteLine();
        }
    }

    public static void Summary(TextWriter output, GatherRun run)
    {
        var results = run.Results;
        output.WriteLine(Invariant(
            $"gathered {run.Hosts} hosts from {results.Count} cells in {run.Elapsed.TotalMilliseconds:0} ms: {results.CountOf(CellOutcome.Responded)} responded, {results.CountOf(CellOutcome.Failed)} failed, {results.CountOf(CellOutcome.DidNotRespond)} did not respond"));
    }

    public static void PoolLines(TextWriter output, ExecutorPools pools)
    {
        var report = pools.GetReport();
        output.WriteLine(report);
        output.WriteLine();
        output.Write(report.ToTable());
    }

    public static void ComparisonHeader(TextWriter output) =>
        output.WriteLine("mode                   backend      workers  responded  hosts  elapsed ms  over slowest cell ms");

    public static string ComparisonRow(string mode, ExecutorPools pools, GatherRun run, TimeSpan slowestCell)
    {
        var responded = $"{run.Results.CountOf(CellOutcome.Responded)}/{run.Results.Count}";
        return Invariant(
            $"{mode,-22} {pools.Backend.Name,-12} {pools.ScatterGather.MaxWorkers,7} {responded,10} {run.Hosts,6} {run.Elapsed.TotalMilliseconds,11:0.0} {(run.Elapsed - slowestCell).TotalMilliseconds,21:0.0}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
