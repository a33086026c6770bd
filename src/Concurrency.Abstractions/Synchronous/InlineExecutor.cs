using Concurrency.Core;

namespace Concurrency;

/// <summary>Runs each submission inside the submit call. Asynchronous work stays in flight until its Task ends.</summary>
internal sealed class InlineExecutor(string name, ExecutorOptions options)
    : ExecutorCore(name, SynchronousExecutor.BackendName, "SynchronousExecutor", maxWorkers: 1, maxBacklog: null, options)
{
    [ThreadStatic]
    private static InlineExecutor? t_running;

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private bool _stopping;

    internal override long? OldestQueuedSubmittedAt() => null;

    public override PoolState GetPoolState()
    {
        int inFlight = Volatile.Read(ref _inFlight);
        return new PoolState(MaxWorkers, inFlight, idleWorkers: 0, inFlight, queued: 0, IsAlive);
    }

    internal override void OnDetachedItemFinished(IWorkItem item) => Release(item);

    internal override void OnQueuedItemCanceled(IWorkItem item)
    {
        // Nothing is ever queued here.
    }

    protected override bool IsCallerOnOwnWorker => t_running == this;

    protected override ScheduleOutcome Schedule(IWorkItem item, out int backlog)
    {
        backlog = 0;
        lock (_gate)
        {
            if (_stopping)
            {
                return ScheduleOutcome.ShutDown;
            }

            _inFlight++;
        }

        item.TryStart(item.SubmittedAt);
        InlineExecutor? outer = t_running;
        t_running = this;
        try
        {
            if (item.Run())
            {
                Release(item);
            }
        }
        finally
        {
            t_running = outer;
        }

        return ScheduleOutcome.Dispatched;
    }

    protected override Task Stop(bool cancelPending)
    {
        bool terminated;
        lock (_gate)
        {
            _stopping = true;
            MarkStopping();
            terminated = _inFlight == 0;
        }

        if (terminated)
        {
            _terminated.TrySetResult();
        }

        return _terminated.Task;
    }

    private void Release(IWorkItem item)
    {
        bool terminated;
        lock (_gate)
        {
            _inFlight--;
            terminated = _stopping && _inFlight == 0;
        }

        item.Publish();
        if (terminated)
        {
            _terminated.TrySetResult();
        }
    }
}
