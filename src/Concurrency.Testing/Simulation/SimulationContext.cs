namespace Concurrency.Testing;

/// <summary>
/// The simulation's SynchronizationContext: awaits inside the run resume on its thread, the library keeps its own
/// continuations there (<see cref="ISimulationContext"/>), and <see cref="Offload"/> runs blocking calls on the
/// simulation's offload executor, since the run has one thread and virtual time.
/// </summary>
internal sealed class SimulationContext(SimulationScheduler scheduler, Simulation simulation) : SynchronizationContext, ISimulationContext, IOffloadingContext
{
    public TimeProvider Time => scheduler.Time;

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        scheduler.Post(d, state);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (scheduler.IsOnSimulationThread)
        {
            d(state);
            return;
        }

        // From another thread this is an escape already; it still runs on the simulation, and the sender waits.
        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        scheduler.Post(
            new SendOrPostCallback(_ =>
            {
                try
                {
                    d(state);
                }
                catch (Exception error)
                {
                    failure = error;
                }
                finally
                {
                    done.Set();
                }
            }),
            null);
        done.Wait();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    public override SynchronizationContext CreateCopy() => this;

    public ValueTask EnterSeamAsync(string seam, string target, CancellationToken cancellationToken) =>
        simulation.Faults.EnterAsync(seam, target, cancellationToken);

    public Task<TResult> OffloadAsync<TResult>(Func<CancellationToken, TResult> blocking, CancellationToken cancellationToken) =>
        simulation.OffloadExecutor.Submit(blocking, cancellationToken);
}
