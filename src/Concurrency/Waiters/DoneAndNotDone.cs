namespace Concurrency;

/// <summary>What a wait found: the Tasks that had ended, and those still running, each in the order they were given.</summary>
public sealed class DoneAndNotDone
{
    internal DoneAndNotDone(IReadOnlyList<Task> tasks)
    {
        Done = [.. tasks.Where(task => task.IsCompleted)];
        NotDone = [.. tasks.Where(task => !task.IsCompleted)];
    }

    /// <summary>Tasks that had ended (ran to completion, faulted or were canceled).</summary>
    public IReadOnlyList<Task> Done { get; }

    /// <summary>Tasks still running when the wait returned.</summary>
    public IReadOnlyList<Task> NotDone { get; }

    /// <inheritdoc />
    public override string ToString() => $"DoneAndNotDone(done={Done.Count}, not_done={NotDone.Count})";
}
