namespace Concurrency.Cells;

/// <summary>Checks the cells a scatter-gather call is given, so bad input fails before anything is submitted.</summary>
internal static class CellSet
{
    public static IReadOnlyList<Cell> Validate(IEnumerable<Cell> cells, string parameter)
    {
        ArgumentNullException.ThrowIfNull(cells, parameter);
        var list = cells.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("The cell set is empty: a scatter-gather call needs at least one cell.", parameter);
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var cell = list[i] ?? throw new ArgumentNullException(parameter, $"The cell at position {i} is null: every cell must be a Cell.");
            if (!positions.TryAdd(cell.Id, i))
            {
                throw new ArgumentException(
                    $"Cell id '{cell.Id}' appears twice, at positions {positions[cell.Id]} and {i}: cell ids must be unique, because results are keyed by id.",
                    parameter);
            }
        }

        return list;
    }

    public static IReadOnlyList<Cell> Filter(IReadOnlyList<Cell> cells, Func<Cell, bool> filter, string parameter)
    {
        ArgumentNullException.ThrowIfNull(filter, parameter);
        return [.. cells.Where(filter)];
    }

    public static IReadOnlyList<Cell> Single(Cell cell, string parameter)
    {
        ArgumentNullException.ThrowIfNull(cell, parameter);
        return [cell];
    }
}
