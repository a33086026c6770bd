using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Concurrency.Cells;

/// <summary>
/// The result of a scatter-gather call: one <see cref="CellResult{T}"/> per cell, in the cells' input order,
/// also found by cell id.
/// </summary>
/// <typeparam name="T">The query's result.</typeparam>
public sealed class CellResults<T> : IReadOnlyList<CellResult<T>>
{
    private readonly CellResult<T>[] _results;
    private readonly Dictionary<string, CellResult<T>> _byId;

    internal CellResults(CellResult<T>[] results, Task leftRunningEnded)
    {
        _results = results;
        LeftRunningEnded = leftRunningEnded;
        _byId = results.ToDictionary(result => result.Cell.Id, StringComparer.Ordinal);
    }

    /// <summary>How many cells the call targeted.</summary>
    public int Count => _results.Length;

    /// <summary>The result at a position in the cells' input order.</summary>
    /// <param name="index">The cell's position.</param>
    /// <returns>The cell's result.</returns>
    public CellResult<T> this[int index] => _results[index];

    /// <summary>The result of the cell with an id.</summary>
    /// <param name="cellId">The cell's id.</param>
    /// <returns>The cell's result.</returns>
    /// <exception cref="KeyNotFoundException">No cell of this call has that id.</exception>
    public CellResult<T> this[string cellId] => TryGetResult(cellId, out var result)
        ? result
        : throw new KeyNotFoundException($"Cell id '{cellId}' was not part of this scatter-gather call; its cells are: {string.Join(", ", _byId.Keys)}.");

    /// <summary>
    /// Completes (never faults) when every call that was left running at the timeout has ended; completed at once
    /// when none was. Await it before shutting down to know no cell still holds a worker.
    /// </summary>
    public Task LeftRunningEnded { get; }

    /// <summary>The values of the cells that responded, in input order.</summary>
    public IReadOnlyList<T> Values => [.. _results.Where(result => !result.IsFailure).Select(result => result.Value)];

    /// <summary>The cells that failed or did not respond, in input order.</summary>
    public IReadOnlyList<CellResult<T>> Failures => [.. _results.Where(result => result.IsFailure)];

    /// <summary>Finds the result of the cell with an id.</summary>
    /// <param name="cellId">The cell's id.</param>
    /// <param name="result">The result, when found.</param>
    /// <returns>Whether a cell of this call has that id.</returns>
    public bool TryGetResult(string cellId, [MaybeNullWhen(false)] out CellResult<T> result) => _byId.TryGetValue(cellId, out result);

    /// <summary>Counts the cells with an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>How many cells ended that way.</returns>
    public int CountOf(CellOutcome outcome) => _results.Count(result => result.Outcome == outcome);

    /// <inheritdoc />
    public IEnumerator<CellResult<T>> GetEnumerator() => ((IEnumerable<CellResult<T>>)_results).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() =>
        $"{Count} cells: {CountOf(CellOutcome.Responded)} responded, {CountOf(CellOutcome.Failed)} failed, {CountOf(CellOutcome.DidNotRespond)} did not respond";
}
