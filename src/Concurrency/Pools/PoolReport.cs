using Concurrency.Cells;

namespace Concurrency;

/// <summary>One pool's line pair in a <see cref="PoolsReport"/>.</summary>
/// <param name="Pool">The pool's name, such as <c>scatter-gather</c>.</param>
/// <param name="Executor">The executor's full name, such as <c>nova-scheduler.scatter-gather</c>.</param>
/// <param name="ExecutorType">The executor type operators see, such as <c>ThreadPoolExecutor</c>.</param>
/// <param name="Statistics">The pool's counters.</param>
/// <param name="State">The pool's workers and queue.</param>
/// <param name="Cells">The cells this pool's <see cref="CellBulkhead"/> has seen calls left running for or calls fail for (<see cref="CellBulkhead.GetCellStates"/>); null when no gather has run on the pool.</param>
public sealed record PoolReport(string Pool, string Executor, string ExecutorType, ExecutorStatistics Statistics, PoolState State, IReadOnlyList<CellHealth>? Cells = null)
{
    /// <summary>The two lines Nova logs for a pool.</summary>
    /// <returns><c>Stats of {pool} executor: ...</c> and <c>State of {pool} {type}: ...</c> on two lines.</returns>
    public override string ToString() =>
        $"Stats of {Pool} executor: {Statistics}{Environment.NewLine}State of {Pool} {ExecutorType}: {State}{DescribeLeftRunning()}";

    // A third line only while scatter-gather calls are left running on this pool, so Nova's two lines stay as they are.
    private string DescribeLeftRunning() => Cells is { Count: > 0 } cells && cells.Any(cell => cell.LeftRunning > 0)
        ? $"{Environment.NewLine}Cells left running on {Pool}: {string.Join("; ", cells.Where(cell => cell.LeftRunning > 0))}"
        : string.Empty;
}
