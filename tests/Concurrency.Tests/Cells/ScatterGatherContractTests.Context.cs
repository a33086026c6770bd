using System.Collections.Concurrent;
using Concurrency.Tests.Infrastructure;
using Concurrency.Cells;

namespace Concurrency.Tests.Cells;

public abstract partial class ScatterGatherContractTests
{
    private static readonly AsyncLocal<string?> RequestId = new();
    private static readonly AsyncLocal<string?> SetByCell = new();

    private sealed record Seen(string Cell, CellContext Context, string? RequestId, string? LeakedFromAnotherCell, int ItemsAtStart);

    [Fact]
    public async Task AllCellsAsync_AsyncQueries_EachCellGetsAFreshContextAndTheCallersAmbientStateButNothingLeaks()
    {
        var seen = new ConcurrentBag<Seen>();
        RequestId.Value = "req-42";

        var results = await ScatterGather.AllCellsAsync(ThreeCells(), async context =>
        {
            var record = Observe(context);
            await Task.Yield();
            CellContext.Current.Should().BeSameAs(context, "the context follows the cell's call across awaits");
            seen.Add(record);
            return await ListHostsAsync(context);
        }, Options(Executor())).Within();

        AssertIsolated(results, seen);
    }

    [Fact]
    public async Task AllCellsAsync_BlockingQueries_EachCellGetsAFreshContextAndTheWorkerIsLeftClean()
    {
        var executor = Executor(maxWorkers: 1);
        var seen = new ConcurrentBag<Seen>();
        RequestId.Value = "req-42";

        var results = await ScatterGather.AllCellsAsync(ThreeCells(), context =>
        {
            seen.Add(Observe(context));
            return ListHosts(context);
        }, Options(executor)).Within();
        var afterwards = await executor.Submit(_ => (CellContext.Current, SetByCell.Value)).Within();

        AssertIsolated(results, seen);
        afterwards.Should().Be((null, null), "the next work on the same worker sees no cell's state");
    }

    private static Seen Observe(CellContext context)
    {
        var leaked = SetByCell.Value;
        SetByCell.Value = context.Cell.Id;
        var itemsAtStart = context.Items.Count;
        context.Items["transaction"] = context.Cell.Id;
        CellContext.Current.Should().BeSameAs(context);
        return new Seen(context.Cell.Id, context, RequestId.Value, leaked, itemsAtStart);
    }

    private static void AssertIsolated(CellResults<List<string>> results, ConcurrentBag<Seen> seen)
    {
        results.Should().OnlyContain(result => !result.IsFailure);
        seen.Select(entry => entry.Cell).Should().BeEquivalentTo(["c3", "c1", "c2"]);
        seen.Should().OnlyContain(entry => entry.RequestId == "req-42" && entry.LeakedFromAnotherCell == null && entry.ItemsAtStart == 0);
        seen.Should().OnlyContain(entry => entry.Context.Cell.Id == entry.Cell);
        seen.Select(entry => entry.Context).Distinct().Should().HaveCount(3, "every cell gets its own context object");
        SetByCell.Value.Should().BeNull("nothing a cell sets flows back to the caller");
        CellContext.Current.Should().BeNull();
    }
}
