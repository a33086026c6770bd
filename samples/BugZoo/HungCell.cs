using Concurrency;
using Concurrency.Cells;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>Nova's hung cell: without the bulkhead, calls to a cell that never answers fill the pool and starve the healthy cells.</summary>
public sealed class HungCell : ZooBug
{
    private static readonly string[] CellNames = ["cell1", "cell2", "cell3"];

    public override string Name => "hung-cell";

    public override string Summary => "calls left running on a hung cell fill the pool until healthy cells stop answering";

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        run.Faults.Call("cell2").Hangs();
        var executor = run.Backend.CreateExecutor(new ExecutorOptions { Name = "scatter-gather", MaxWorkers = 4 });
        var cells = CellNames.Select((name, i) => new Cell($"{i + 1}", name, () => throw new NotSupportedException("The zoo's cells have no database."))).ToList();
        var gatherer = new ScatterGatherer(new ScatterGatherOptions
        {
            Executor = executor,
            Timeout = Scaled(run, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20)),

            // The bug: no bulkhead, so every gather leaves one more call to cell2 holding a worker.
            Bulkhead = fixedVersion ? CellBulkhead.Of(executor) : CellBulkhead.None,
        });
        try
        {
            for (int request = 0; request < 6; request++)
            {
                var results = await gatherer.AllCellsAsync(cells, async context =>
                {
                    await run.CallAsync(context.Cell.Name);
                    return context.Cell.Name;
                });
                if (results[0].Outcome != CellOutcome.Responded)
                {
                    throw new BugFoundException($"Healthy cell1 did not answer request {request + 1}: {results[0].Reason}.");
                }
            }
        }
        finally
        {
            // The cell comes back: its hung calls end, and the executor can drain.
            run.Faults.Call("cell2").Recover();
            await executor.ShutdownAsync();
        }
    }
}
