namespace Concurrency;

/// <summary>A TaskScheduler with maximum concurrency 1 that runs tasks on the loop and inlines only on the loop thread.</summary>
internal sealed class LoopTaskScheduler : TaskScheduler
{
    private readonly CooperativeLoop _loop;
    private readonly SendOrPostCallback _execute;

    public LoopTaskScheduler(CooperativeLoop loop)
    {
        _loop = loop;
        _execute = state => TryExecuteTask((Task)state!);
    }

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task) => _loop.Post(_execute, task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _loop.IsOnLoopThread && TryExecuteTask(task);

    // The ready queue holds callbacks of every kind; tasks are not listed separately.
    protected override IEnumerable<Task>? GetScheduledTasks() => null;
}
