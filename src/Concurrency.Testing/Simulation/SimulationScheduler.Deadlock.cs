namespace Concurrency.Testing;

internal sealed partial class SimulationScheduler
{
    /// <summary>Why nothing can move: which executors are full and what waits in their queues.</summary>
    private string DescribeDeadlock()
    {
        IExecutor[] executors;
        int periodic;
        lock (_gate)
        {
            executors = [.. _executors];
            periodic = _timers.Count(timer => timer.Due is not null);
        }

        var lines = new List<string>
        {
            $"Deadlock at {SimulationTrace.Show(Now)}: the test is still waiting, nothing is ready and no timer will wake it" +
            (periodic > 0 ? $" ({periodic} periodic timer(s) ticked for {_options.DeadlockAfter} with nothing else happening)." : "."),
        };
        foreach (var executor in executors)
        {
            var state = executor.GetPoolState();
            if (state.BusyWorkers > 0 || state.Queued > 0)
            {
                lines.Add($"  executor '{executor.Name}': {state.BusyWorkers} of {state.MaxWorkers} workers busy, {state.Queued} queued" +
                    (state.BusyWorkers >= state.MaxWorkers && state.Queued > 0 ? " (full: work queued behind the work that waits for it?)" : string.Empty));
            }
        }

        lines.Add("Common causes: work that waits for work it queued on its own full pool (a nested submission), a lock, gate or " +
            "TaskCompletionSource that is never released, or a call that hangs with no timeout.");
        return string.Join(Environment.NewLine, lines);
    }
}
