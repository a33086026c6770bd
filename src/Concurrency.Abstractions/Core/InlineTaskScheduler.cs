namespace Concurrency.Core;

/// <summary>
/// The scheduler of every <see cref="DirectWorkItem{TState, TResult}"/>: the item is started on it as it is submitted
/// (so the caller gets a started Task, as from <c>Task.Run</c>), queues nothing, and runs the item only on the worker
/// its backend runs it on (<see cref="Execute"/>). A thread that waits for the Task synchronously is never let run it
/// inline: the work must run where its slot is held.
/// </summary>
internal sealed class InlineTaskScheduler : TaskScheduler
{
    public static readonly InlineTaskScheduler Instance = new();

    [ThreadStatic]
    private static Task? t_executing;

    private InlineTaskScheduler()
    {
    }

    /// <summary>The Task <see cref="Execute"/> is running on the calling thread; null elsewhere.</summary>
    public static Task? Executing => t_executing;

    /// <summary>Runs <paramref name="task"/> on the calling thread, its backend's worker; false when it already ran.</summary>
    public bool Execute(Task task)
    {
        var previous = t_executing;
        t_executing = task;
        try
        {
            return TryExecuteTask(task);
        }
        finally
        {
            t_executing = previous;
        }
    }

    // The engine hands the item to its backend itself, right after starting it here.
    protected override void QueueTask(Task task)
    {
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        ReferenceEquals(t_executing, task) && TryExecuteTask(task);

    protected override bool TryDequeue(Task task) => false;

    protected override IEnumerable<Task>? GetScheduledTasks() => [];
}
