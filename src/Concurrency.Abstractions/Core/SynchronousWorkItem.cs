namespace Concurrency.Core;

/// <summary>A submission of synchronous work: it finishes on the thread that runs it.</summary>
internal sealed class SynchronousWorkItem<TState, TResult>(PooledExecutor owner, Func<TState, CancellationToken, TResult> work, TState state, CancellationToken cancellationToken)
    : WorkItem<TResult>(owner, cancellationToken)
{
    private Func<TState, CancellationToken, TResult>? _work = work;
    private TState _state = state;

    public override string Description => _work is { } work ? WorkDescription.Of(work, _state) : CanceledDescription;

    protected override bool RunCore()
    {
        TResult result;
        try
        {
            result = _work!(_state, CancellationToken);
        }
        catch (Exception error)
        {
            RecordException(error);
            return true;
        }

        RecordResult(result);
        return true;
    }

    protected override void ReleaseWork()
    {
        _work = null;
        _state = default!;
    }
}
