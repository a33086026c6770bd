using Concurrency.Core;

namespace Concurrency;

/// <summary>Runs each submission inside the submit call. Asynchronous work stays in flight until its Task ends.</summary>
internal sealed class InlineExecutor(string name, ExecutorOptions options)
    : PooledExecutor(name, SynchronousExecutor.BackendName, "SynchronousExecutor", maxWorkers: 1, slots: MaxSlots, maxBacklog: null, options)
{
    [ThreadStatic]
    private static InlineExecutor? t_running;

    protected override bool IsCallerOnOwnWorker => t_running == this;

    // The caller is the worker: busy while it runs an item, and asynchronous items in flight count as busy too.
    protected override (int Workers, int Idle) CountWorkers(int inFlight) => (inFlight, 0);

    protected override void Start(IStartedWork work)
    {
        InlineExecutor? outer = t_running;
        t_running = this;
        try
        {
            if (work.Run())
            {
                Finish(work);
            }
        }
        finally
        {
            t_running = outer;
        }
    }
}
