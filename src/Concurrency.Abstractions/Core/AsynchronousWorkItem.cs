namespace Concurrency.Core;

/// <summary>
/// A submission of asynchronous work. It holds its worker slot until the work's Task completes; if that Task is
/// still running when the delegate returns, the item tells its executor when it finishes.
/// </summary>
internal sealed class AsynchronousWorkItem<TResult> : WorkItem<TResult>
{
    private static readonly Func<Task, TResult> s_resultOf = static task => task is Task<TResult> typed ? typed.Result : default!;

    private readonly Func<CancellationToken, Task> _work;
    private Task? _inFlight;

    public AsynchronousWorkItem(ExecutorCore owner, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
        : base(owner, cancellationToken)
    {
        _work = work;
    }

    public override string Description => WorkDescription.Of(_work);

    protected override bool RunCore()
    {
        Task task;
        try
        {
            // Scoped to this item's ExecutionContext, so it follows the work across its awaits and leaves with it.
            RunningWork.Enter(this);
            task = _work(CancellationToken)
                ?? throw new InvalidOperationException("SubmitAsync was given work that returned a null Task; asynchronous work must return a Task.");
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
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnInFlightCompleted);
        return false;
    }

    private void OnInFlightCompleted()
    {
        RecordFromTask(_inFlight!, s_resultOf);
        Owner.OnDetachedItemFinished(this);
    }
}
