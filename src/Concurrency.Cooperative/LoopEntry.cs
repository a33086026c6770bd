namespace Concurrency;

/// <summary>One ready unit on the loop: a posted callback, or a work item of a cooperative executor.</summary>
internal readonly record struct LoopEntry(object Target, object? State)
{
    /// <summary>Runs the entry; true when its target must be told, after the slice is accounted for, that it finished.</summary>
    public bool Run()
    {
        if (Target is ILoopTarget target)
        {
            return target.Run(State);
        }

        ((SendOrPostCallback)Target)(State);
        return false;
    }

    public string Describe() => Target is ILoopTarget target
        ? target.Describe(State)
        : $"callback {Core.WorkDescription.Of((Delegate)Target)}{(State is null ? string.Empty : $" ({State.GetType().Name})")}";
}

/// <summary>Something that runs its own items on the loop without a delegate per item.</summary>
internal interface ILoopTarget
{
    /// <summary>Runs the state's work; true when it finished within this slice.</summary>
    bool Run(object? state);

    /// <summary>Called after the slice that finished the work has been measured, so reports precede the outcome.</summary>
    void Complete(object? state);

    string Describe(object? state);
}
