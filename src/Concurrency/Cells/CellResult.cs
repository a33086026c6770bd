using System.Diagnostics.CodeAnalysis;

namespace Concurrency.Cells;

/// <summary>
/// One cell's part of a scatter-gather result: exactly one of a value, the exception the cell raised, or
/// "did not respond". <see cref="IsFailure"/> tells the last two apart from a value.
/// </summary>
/// <typeparam name="T">The query's result.</typeparam>
public sealed class CellResult<T>
{
    private readonly T _value;

    private CellResult(Cell cell, CellOutcome outcome, T value, Exception? exception, bool leftRunning, string? hungReason = null)
    {
        Cell = cell;
        Outcome = outcome;
        _value = value;
        Exception = exception;
        LeftRunning = leftRunning;
        AnsweredAtOnce = hungReason is not null;
        Reason = outcome switch
        {
            CellOutcome.Responded => "responded",
            CellOutcome.Failed => $"failed with {exception!.GetType().Name}: {MessageOf(exception)}",
            _ when hungReason is not null => $"did not respond: {hungReason}",
            _ when leftRunning => "did not respond within the timeout (its call was canceled and left to finish)",
            _ => "did not respond within the timeout (its call was still queued and never ran)",
        };
    }

    /// <summary>The cell.</summary>
    public Cell Cell { get; }

    /// <summary>How the cell's call ended.</summary>
    public CellOutcome Outcome { get; }

    /// <summary>True when the cell failed or did not respond: there is no <see cref="Value"/>.</summary>
    public bool IsFailure => Outcome != CellOutcome.Responded;

    /// <summary>The cell's value.</summary>
    /// <exception cref="InvalidOperationException">The cell failed or did not respond; the message says which.</exception>
    public T Value => Outcome == CellOutcome.Responded
        ? _value
        : throw new InvalidOperationException($"Cell {Cell} has no value: it {Reason}. Check IsFailure or use TryGetValue first.", Exception);

    /// <summary>The exception the cell raised when <see cref="Outcome"/> is <see cref="CellOutcome.Failed"/>; otherwise null.</summary>
    public Exception? Exception { get; }

    /// <summary>
    /// For a cell that did not respond: true when its call was running at the timeout (its token was canceled and it
    /// is left to finish in the background, holding a worker), false when it was still queued (it never runs).
    /// </summary>
    public bool LeftRunning { get; }

    /// <summary>
    /// What happened, in words an operator can read: <c>responded</c>; for a failure, the exception's type and message
    /// (<c>failed with TimeoutException: ...</c>); for a cell that did not respond, why (the timeout with its call left
    /// running or never started, or its <see cref="CellBulkhead"/> found it hung: "did not respond: still running
    /// from an earlier call since T ..."). Never null.
    /// </summary>
    public string Reason { get; }

    /// <summary>
    /// True when the cell was answered did-not-respond without a call, because its <see cref="CellBulkhead"/> found it
    /// hung; <see cref="Reason"/> says since when.
    /// </summary>
    public bool AnsweredAtOnce { get; }

    /// <summary>Gets the value when the cell responded.</summary>
    /// <param name="value">The value, or default when the cell failed or did not respond.</param>
    /// <returns>Whether the cell responded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return Outcome == CellOutcome.Responded;
    }

    /// <summary>Turns the result into one value, handling each outcome.</summary>
    /// <typeparam name="TResult">What each handler returns.</typeparam>
    /// <param name="responded">Receives the value.</param>
    /// <param name="failed">Receives the exception.</param>
    /// <param name="didNotRespond">Called when the cell did not respond.</param>
    /// <returns>What the matching handler returned.</returns>
    /// <exception cref="ArgumentNullException">A handler is null.</exception>
    public TResult Match<TResult>(Func<T, TResult> responded, Func<Exception, TResult> failed, Func<TResult> didNotRespond)
    {
        ArgumentNullException.ThrowIfNull(responded);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(didNotRespond);
        return Outcome switch
        {
            CellOutcome.Responded => responded(_value),
            CellOutcome.Failed => failed(Exception!),
            _ => didNotRespond(),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Outcome == CellOutcome.Responded ? $"{Cell}: {_value}" : $"{Cell}: {Reason}";

    internal static CellResult<T> Responded(Cell cell, T value) => new(cell, CellOutcome.Responded, value, null, leftRunning: false);

    internal static CellResult<T> Failed(Cell cell, Exception exception) => new(cell, CellOutcome.Failed, default!, exception, leftRunning: false);

    internal static CellResult<T> NoResponse(Cell cell, bool leftRunning) => new(cell, CellOutcome.DidNotRespond, default!, null, leftRunning);

    // A cell's exception is user code: one whose Message throws still leaves the cell failed, described as far as it can be.
    private static string MessageOf(Exception exception)
    {
        try
        {
            return exception.Message;
        }
        catch (Exception unreadable)
        {
            return $"(its message could not be read: {unreadable.GetType().Name})";
        }
    }

    internal static CellResult<T> Hung(Cell cell, string reason) => new(cell, CellOutcome.DidNotRespond, default!, null, leftRunning: false, reason);
}
