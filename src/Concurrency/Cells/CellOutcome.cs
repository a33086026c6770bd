namespace Concurrency.Cells;

/// <summary>How one cell's call ended within a scatter-gather call's timeout.</summary>
public enum CellOutcome
{
    /// <summary>The call returned a value.</summary>
    Responded,

    /// <summary>The call threw, or could not be submitted; the exception is kept.</summary>
    Failed,

    /// <summary>The call had not finished when the timeout expired.</summary>
    DidNotRespond,
}
