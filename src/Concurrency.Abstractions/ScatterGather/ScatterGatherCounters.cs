namespace Concurrency;

/// <summary>The counters behind <see cref="ScatterGatherStatistics"/>; lock-free, so reporting never slows a call.</summary>
internal sealed class ScatterGatherCounters
{
    private long _calls;
    private long _cells;
    private long _responded;
    private long _failed;
    private long _didNotRespond;
    private long _leftRunning;
    private long _stillRunning;

    public void CallStarted(int cells)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _cells, cells);
    }

    public void Responded() => Interlocked.Increment(ref _responded);

    public void Failed() => Interlocked.Increment(ref _failed);

    public void DidNotRespond() => Interlocked.Increment(ref _didNotRespond);

    public void LeftRunning()
    {
        Interlocked.Increment(ref _leftRunning);
        Interlocked.Increment(ref _stillRunning);
    }

    public void LeftRunningFinished() => Interlocked.Decrement(ref _stillRunning);

    public ScatterGatherStatistics Snapshot() => new(
        Interlocked.Read(ref _calls),
        Interlocked.Read(ref _cells),
        Interlocked.Read(ref _responded),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _didNotRespond),
        Interlocked.Read(ref _leftRunning),
        Interlocked.Read(ref _stillRunning));
}
