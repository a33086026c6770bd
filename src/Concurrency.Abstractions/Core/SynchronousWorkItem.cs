namespace Concurrency.Core;

/// <summary>A submission of synchronous work: it finishes on the thread that runs it.</summary>
internal sealed class SynchronousWorkItem<TState, TResult>(PooledExecutor owner, Func<TState, CancellationToken, TResult> work, TState state, CancellationToken cancellationToken)
    : WorkItem<TResult>(owner, cancellationToken)
{
    public override string Description => WorkDescription.Of(work, state);

    protected override bool RunCore()
    {
        TResult result;
        try
        {
            result = work(state, CancellationToken);
        }
        catch (Exception error)
        {
            RecordException(error);
            return true;
        }

        RecordResult(result);
        return true;
    }
}
