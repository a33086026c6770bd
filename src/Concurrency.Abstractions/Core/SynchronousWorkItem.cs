namespace Concurrency.Core;

/// <summary>A submission of synchronous work: it finishes on the thread that runs it.</summary>
internal sealed class SynchronousWorkItem<TResult>(ExecutorCore owner, Func<CancellationToken, TResult> work, CancellationToken cancellationToken)
    : WorkItem<TResult>(owner, cancellationToken)
{
    public override string Description => WorkDescription.Of(work);

    protected override bool RunCore()
    {
        TResult result;
        try
        {
            result = work(CancellationToken);
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
