namespace Concurrency.Core;

/// <summary>
/// A submission of asynchronous work. It holds its worker slot until the work's Task completes; if that Task is
/// still running when the delegate returns, the item tells its executor when it finishes.
/// </summary>
internal sealed class AsynchronousWorkItem<TState, TResult> : WorkItem<TResult>
{
    private static readonly Func<Task, TResult> s_resultOf = static task => ((Task<TResult>)task).Result;

    private Func<TState, CancellationToken, Task<TResult>>? _work;
    private TState _state;
    private Task<TResult>? _inFlight;

    public AsynchronousWorkItem(PooledExecutor owner, Func<TState, CancellationToken, Task<TResult>> work, TState state, CancellationToken cancellationToken)
        : base(owner, cancellationToken)
    {
        _work = work;
        _state = state;
    }

    public override string Description => _work is { } work ? WorkDescription.Of(work, _state) : CanceledDescription;

    protected override bool RunCore()
    {
        Task<TResult> task;
        try
        {
            // Scoped to this item's ExecutionContext, so it follows the work across its awaits and leaves with it.
            RunningWork.Enter(this);
            task = _work!(_state, CancellationToken)
                ?? throw new InvalidOperationException("Submit was given asynchronous work that returned a null Task; asynchronous work must return a Task.");
        }
        catch (Exception error)
        {
            RecordException(error);
            return true;
        }

        if (task.IsCompleted)
        {
            RecordFromTask(task, s_resultOf);
            return true;
        }

        _inFlight = task;
        task.ConfigureAwait(Owner.ResumesOnContext).GetAwaiter().UnsafeOnCompleted(OnInFlightCompleted);
        return false;
    }

    protected override void ReleaseWork()
    {
        _work = null;
        _state = default!;
    }

    private void OnInFlightCompleted()
    {
        RecordFromTask(_inFlight!, s_resultOf);
        Owner.OnDetachedItemFinished(this);
    }
}
