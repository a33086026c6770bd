namespace Concurrency;

/// <summary>One ready unit on the loop: a posted callback, or a work item of a cooperative executor.</summary>
internal readonly record struct LoopEntry(object Target, object? State)
{
    /// <summary>Runs the entry; true when its target must be told, after the slice is accounted for, that it finished.</summary>
    /// <param name="finishedAt">A timestamp on the loop's clock the target read as the work ended; 0 when it has none.</param>
    public bool Run(out long finishedAt)
    {
        if (Target is ILoopTarget target)
        {
            return target.Run(State, out finishedAt);
        }

        finishedAt = 0;
        ((SendOrPostCallback)Target)(State);
        return false;
    }

    public string Describe() => Target is ILoopTarget target
        ? target.Describe(State)
        : $"callback {WorkDescription.Of((Delegate)Target)}{(State is null ? string.Empty : $" ({State.GetType().Name})")}";
}

/// <summary>Something that runs its own items on the loop without a delegate per item.</summary>
internal interface ILoopTarget
{
    /// <summary>Runs the state's work; true when it finished within this slice.</summary>
    /// <param name="state">The work.</param>
    /// <param name="finishedAt">When the work ended, on the loop's clock, if the target read it; otherwise 0.</param>
    bool Run(object? state, out long finishedAt);

    /// <summary>Called after the slice that finished the work has been measured, so reports precede the outcome.</summary>
    void Complete(object? state);

    string Describe(object? state);
}
