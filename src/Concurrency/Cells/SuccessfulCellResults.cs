namespace Concurrency.Cells;

/// <summary>
/// The successful part of a scatter-gather call, and which cells did not contribute: what a caller needs to merge
/// the values and warn about the rest.
/// </summary>
/// <typeparam name="T">The query's result.</typeparam>
public sealed class SuccessfulCellResults<T>
{
    internal SuccessfulCellResults(CellResults<T> all)
    {
        Responded = [.. all.Where(result => !result.IsFailure)];
        Values = [.. Responded.Select(result => result.Value)];
        FailedCells = all.Failures;
    }

    /// <summary>The values of the cells that responded, in the cells' input order.</summary>
    public IReadOnlyList<T> Values { get; }

    /// <summary>The results of the cells that responded, with their cells.</summary>
    public IReadOnlyList<CellResult<T>> Responded { get; }

    /// <summary>The cells that failed or did not respond, with the reason.</summary>
    public IReadOnlyList<CellResult<T>> FailedCells { get; }

    /// <summary>Whether every cell responded.</summary>
    public bool IsComplete => FailedCells.Count == 0;

    /// <inheritdoc />
    public override string ToString() => $"{Responded.Count} cells responded, {FailedCells.Count} failed or did not respond";
}
