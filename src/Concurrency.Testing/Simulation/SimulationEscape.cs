namespace Concurrency.Testing;

/// <summary>
/// Work or a continuation that left the simulation (a <c>Task.Run</c>, a real timer, an await resumed on the .NET
/// pool): it ran in real time, so the run that saw it cannot be replayed exactly.
/// </summary>
/// <param name="How">How it left: ran on a .NET pool thread, on a real timer, or came back from another thread.</param>
/// <param name="Where">Where it came from: the delegate or async method, and the first frames of the caller's code.</param>
public sealed record SimulationEscape(string How, string Where)
{
    /// <inheritdoc/>
    public override string ToString() => $"{How}: {Where}";
}
