namespace Concurrency.Core;

/// <summary>
/// The one source of truth for an executor's counters: snapshots and metrics both read these fields.
/// Durations are kept in the executor's <see cref="TimeProvider"/> timestamp units and converted when read.
/// </summary>
internal sealed class StatisticsCounters(TimeProvider time)
{
    private long _executed;
    private long _failures;
    private long _canceled;
    private long _rejected;
    private long _interrupted;
    private long _runtimeTicks;
    private long _queueWaitTicks;

    public TimeProvider Time { get; } = time;

    public long Executed => Volatile.Read(ref _executed);

    public long Failures => Volatile.Read(ref _failures);

    public long Canceled => Volatile.Read(ref _canceled);

    public long Rejected => Volatile.Read(ref _rejected);

    public long Interrupted => Volatile.Read(ref _interrupted);

    public void RecordStarted(long queueWaitTicks) => Interlocked.Add(ref _queueWaitTicks, queueWaitTicks);

    public void RecordCanceled() => Interlocked.Increment(ref _canceled);

    public void RecordRejected() => Interlocked.Increment(ref _rejected);

    public void RecordFinished(WorkOutcome outcome, long runtimeTicks)
    {
        Interlocked.Add(ref _runtimeTicks, runtimeTicks);
        if (outcome == WorkOutcome.Faulted)
        {
            Interlocked.Increment(ref _failures);
        }
        else if (outcome == WorkOutcome.Interrupted)
        {
            Interlocked.Increment(ref _interrupted);
        }

        // Executed last, so a reader that sees the count also sees its runtime and failure.
        Interlocked.Increment(ref _executed);
    }

    public ExecutorStatistics Snapshot()
    {
        long executed = Executed;
        return new ExecutorStatistics(
            executed,
            Failures,
            Canceled,
            Rejected,
            Interrupted,
            ToTimeSpan(Volatile.Read(ref _runtimeTicks)),
            ToTimeSpan(Volatile.Read(ref _queueWaitTicks)));
    }

    private TimeSpan ToTimeSpan(long timestampTicks) =>
        new((long)(timestampTicks * ((double)TimeSpan.TicksPerSecond / Time.TimestampFrequency)));
}
