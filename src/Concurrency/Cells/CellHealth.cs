namespace Concurrency.Cells;

/// <summary>One cell's state in a <see cref="CellBulkhead"/>, from <see cref="CellBulkhead.GetCellStates"/>.</summary>
/// <param name="CellId">The cell's id.</param>
/// <param name="CellName">The cell's name.</param>
/// <param name="LeftRunning">Its calls left running after a timeout that have not ended: each holds a worker.</param>
/// <param name="HungSince">When the oldest of those calls was left running; null when none is.</param>
/// <param name="IsHung">Whether its calls are now answered did-not-respond at once (apart from probes).</param>
/// <param name="AnsweredAtOnce">Calls answered did-not-respond without running, because the cell was hung.</param>
/// <param name="Probes">Calls let through to a hung cell to see whether it is back.</param>
/// <param name="UnansweredInARow">Its latest calls that failed or did not respond, in a row (zero once one responds).</param>
/// <param name="LastUnanswered">The <see cref="CellResult{T}.Reason"/> of the latest of those; null when it is zero.</param>
public sealed record CellHealth(
    string CellId, string CellName, int LeftRunning, DateTimeOffset? HungSince, bool IsHung, long AnsweredAtOnce, long Probes, int UnansweredInARow = 0, string? LastUnanswered = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"CellHealth({CellName} ({CellId}): left_running={LeftRunning}, hung={IsHung}{(HungSince is { } since ? $" since {since:O}" : string.Empty)}, answered_at_once={AnsweredAtOnce}, probes={Probes}, unanswered_in_a_row={UnansweredInARow})";
}
