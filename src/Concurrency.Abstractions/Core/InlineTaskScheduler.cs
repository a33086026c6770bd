namespace Concurrency.Core;

/// <summary>
/// Runs a <see cref="DirectWorkItem{TState, TResult}"/> on the thread that asks (its backend's worker), through
/// <see cref="Task.RunSynchronously(TaskScheduler)"/>; it never queues anything, even where the runtime would rather not
/// run inline (a deep stack), since the item must run on the worker that holds its slot.
/// </summary>
internal sealed class InlineTaskScheduler : TaskScheduler
{
    public static readonly InlineTaskScheduler Instance = new();

    private InlineTaskScheduler()
    {
    }

    protected override void QueueTask(Task task) => TryExecuteTask(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);

    protected override IEnumerable<Task>? GetScheduledTasks() => [];
}
