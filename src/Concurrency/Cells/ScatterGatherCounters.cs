namespace Concurrency.Cells;

/// <summary>
/// The counters behind <see cref="ScatterGatherStatistics"/>; lock-free, so reporting never slows a call. A
/// <see cref="ScatterGatherer"/>'s own counters also count in the process's (their parent).
/// </summary>
internal sealed class ScatterGatherCounters(ScatterGatherCounters? parent = null)
{
    private long _calls;
    private long _cells;
    private long _responded;
    private long _failed;
    private long _didNotRespond;
    private long _leftRunning;
    private long _stillRunning;
    private long _reportingFailures;
    private long _answeredAtOnce;
    private long _synchronousQueries;

    public void CallStarted(int cells)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _cells, cells);
        parent?.CallStarted(cells);
    }

    public void Responded()
    {
        Interlocked.Increment(ref _responded);
        parent?.Responded();
    }

    public void Failed()
    {
        Interlocked.Increment(ref _failed);
        parent?.Failed();
    }

    public void DidNotRespond()
    {
        Interlocked.Increment(ref _didNotRespond);
        parent?.DidNotRespond();
    }

    public void LeftRunning()
    {
        Interlocked.Increment(ref _leftRunning);
        Interlocked.Increment(ref _stillRunning);
        parent?.LeftRunning();
    }

    public void LeftRunningFinished()
    {
        Interlocked.Decrement(ref _stillRunning);
        parent?.LeftRunningFinished();
    }

    public void AnsweredAtOnce()
    {
        Interlocked.Increment(ref _didNotRespond);
        Interlocked.Increment(ref _answeredAtOnce);
        parent?.AnsweredAtOnce();
    }

    public void SynchronousQuery()
    {
        Interlocked.Increment(ref _synchronousQueries);
        parent?.SynchronousQuery();
    }

    public void ReportingFailed()
    {
        Interlocked.Increment(ref _reportingFailures);
        parent?.ReportingFailed();
    }

    /// <summary>Runs a report; one that throws is counted and swallowed, so reporting never fails a call.</summary>
    public void Report<TState>(TState state, Action<TState> report)
    {
        try
        {
            report(state);
        }
        catch (Exception)
        {
            ReportingFailed();
        }
    }

    public ScatterGatherStatistics Snapshot() => new(
        Interlocked.Read(ref _calls),
        Interlocked.Read(ref _cells),
        Interlocked.Read(ref _responded),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _didNotRespond),
        Interlocked.Read(ref _leftRunning),
        Interlocked.Read(ref _stillRunning),
        Interlocked.Read(ref _reportingFailures),
        Interlocked.Read(ref _answeredAtOnce),
        Interlocked.Read(ref _synchronousQueries));
}
