using Concurrency;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CellScheduler;

/// <summary>The main job: gather host states from every cell database on the selected backend and report the pools.</summary>
internal static class SchedulerApp
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        SchedulerOptions options;
        try
        {
            options = SchedulerOptions.Parse(args);
        }
        catch (UsageException error)
        {
            return Fail(errors, error.Message, withUsage: true);
        }

        if (options.Help)
        {
            output.WriteLine(SchedulerOptions.Usage);
            return 0;
        }

        using var logging = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            using var sqlite = SqliteCellFolder.Create(options.Cells, options.Hosts);
            IReadOnlyList<CellDatabase> cells = [.. sqlite.Cells, .. await PostgresCells.PrepareAsync(options.Postgres, options.Hosts, options.Cells + 1, errors)];
            var gather = new HostStateGather(cells, options, logging.CreateLogger("CellScheduler.ScatterGather"));
            return options.Compare
                ? await CompareAsync(output, gather, options, sqlite.Folder.FullName)
                : await GatherOnceAsync(output, gather, options, sqlite.Folder.FullName);
        }
        catch (UsageException error)
        {
            return Fail(errors, error.Message, withUsage: true);
        }
        catch (BackendSelectionException error)
        {
            return Fail(errors, error.Message, withUsage: false);
        }
    }

    private static async Task<int> GatherOnceAsync(TextWriter output, HostStateGather gather, SchedulerOptions options, string folder)
    {
        var (backend, source) = ResolveBackend(options);
        await using var pools = new ExecutorPools(backend, PoolOptions(options));
        Report.Setup(output, $"{backend.Name} ({source})", gather.Cells, options, folder, options.Offload ? "on" : "off");
        var run = await gather.RunAsync(pools.ScatterGather, options.Offload);
        Report.Hosts(output, run);
        Report.Summary(output, run);
        Report.PoolLines(output, pools);
        return run.Results.Failures.Count == 0 ? 0 : 1;
    }

    private static async Task<int> CompareAsync(TextWriter output, HostStateGather gather, SchedulerOptions options, string folder)
    {
        Report.Setup(output, "each in turn (--compare)", gather.Cells, options, folder, offload: "as each row says");
        var rows = new List<string>();
        var allResponded = true;
        foreach (var (mode, backend, offload) in new[]
        {
            ("cooperative", ConcurrencyBackend.Cooperative, false),
            ("cooperative + offload", ConcurrencyBackend.Cooperative, true),
            ("threaded", ConcurrencyBackend.Threaded, false),
        })
        {
            await using var pools = new ExecutorPools(ConcurrencyBackend.Get(backend), PoolOptions(options));
            var run = await gather.RunAsync(pools.ScatterGather, offload);
            rows.Add(Report.ComparisonRow(mode, pools, run, options.Latency));
            allResponded &= run.Results.Failures.Count == 0;
        }

        // The table comes after the runs, so the warnings the cooperative row logs do not split it.
        Report.ComparisonHeader(output);
        rows.ForEach(output.WriteLine);
        output.WriteLine();
        output.WriteLine("A blocking driver (SQLite) holds the cooperative loop, so its cells run one after another;");
        output.WriteLine("offloading the call or running on native threads lets the cells' queries overlap.");
        return allResponded ? 0 : 1;
    }

    // --backend overrides the environment for this program's pools without fixing the process-wide choice.
    private static (ExecutorBackend Backend, string Source) ResolveBackend(SchedulerOptions options) =>
        options.Backend is { } name
            ? (ConcurrencyBackend.Get(name), "from --backend")
            : (ConcurrencyBackend.Current, $"from {ConcurrencyBackend.EnvironmentVariable}={Environment.GetEnvironmentVariable(ConcurrencyBackend.EnvironmentVariable) ?? "(unset)"}");

    private static ExecutorPoolsOptions PoolOptions(SchedulerOptions options)
    {
        var pools = new ExecutorPoolsOptions { ProcessName = "cell-scheduler" };
        if (options.Workers is { } workers)
        {
            pools.PoolSizes[PoolNames.ScatterGather] = workers;
        }

        return pools;
    }

    private static int Fail(TextWriter errors, string message, bool withUsage)
    {
        errors.WriteLine($"error: {message}");
        if (withUsage)
        {
            errors.WriteLine(SchedulerOptions.Usage);
        }

        return 2;
    }
}
