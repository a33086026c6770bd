namespace Concurrency.Core;

/// <summary>A submission of synchronous work that returns nothing.</summary>
internal sealed class ActionWorkItem(ExecutorCore owner, Action<CancellationToken> work, CancellationToken cancellationToken)
    : WorkItem<VoidResult>(owner, cancellationToken)
{
    public override string Description => WorkDescription.Of(work);

    protected override bool RunCore()
    {
        try
        {
            work(CancellationToken);
        }
        catch (Exception error)
        {
            RecordException(error);
            return true;
        }

        RecordResult(default);
        return true;
    }
}
