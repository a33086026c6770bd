namespace Concurrency;

/// <summary>One ready unit on the loop: a posted callback, or a work item of a cooperative executor.</summary>
internal readonly record struct LoopEntry(object Target, object? State)
{
    public void Run()
    {
        if (Target is ILoopTarget target)
        {
            target.Run(State);
        }
        else
        {
            ((SendOrPostCallback)Target)(State);
        }
    }

    public string Describe() => Target is ILoopTarget target
        ? target.Describe(State)
        : $"callback {Core.WorkDescription.Of((Delegate)Target)}{(State is null ? string.Empty : $" ({State.GetType().Name})")}";
}

/// <summary>Something that runs its own items on the loop without a delegate per item.</summary>
internal interface ILoopTarget
{
    void Run(object? state);

    string Describe(object? state);
}
