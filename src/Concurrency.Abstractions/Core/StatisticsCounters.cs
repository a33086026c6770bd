using System.Runtime.InteropServices;

namespace Concurrency.Core;

/// <summary>
/// The one source of truth for an executor's counters: snapshots and metrics both read these fields.
/// Durations are kept in the executor's <see cref="TimeProvider"/> timestamp units and converted when read.
/// </summary>
/// <remarks>
/// Each processor adds to a stripe of its own (a thread that moves mid-update is still exact: every add is atomic),
/// so workers on different cores never contend for one cache line; a read sums the stripes.
/// </remarks>
internal sealed class StatisticsCounters(TimeProvider time)
{
    private readonly Stripe[] _stripes = new Stripe[StripeCount];

    private static int StripeCount { get; } = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));

    public TimeProvider Time { get; } = time;

    public long Executed => Sum(static (ref Stripe stripe) => ref stripe.Executed);

    public long Failures => Sum(static (ref Stripe stripe) => ref stripe.Failures);

    public long Canceled => Sum(static (ref Stripe stripe) => ref stripe.Canceled);

    public long Rejected => Sum(static (ref Stripe stripe) => ref stripe.Rejected);

    public long Interrupted => Sum(static (ref Stripe stripe) => ref stripe.Interrupted);

    public void RecordStarted(long queueWaitTicks) => Interlocked.Add(ref Mine.QueueWaitTicks, queueWaitTicks);

    public void RecordCanceled() => Interlocked.Increment(ref Mine.Canceled);

    public void RecordRejected() => Interlocked.Increment(ref Mine.Rejected);

    public void RecordFinished(WorkOutcome outcome, long runtimeTicks)
    {
        ref Stripe stripe = ref Mine;
        Interlocked.Add(ref stripe.RuntimeTicks, runtimeTicks);
        if (outcome == WorkOutcome.Faulted)
        {
            Interlocked.Increment(ref stripe.Failures);
        }
        else if (outcome == WorkOutcome.Interrupted)
        {
            Interlocked.Increment(ref stripe.Interrupted);
        }

        // Executed last, so a reader that sees the count also sees its runtime and failure.
        Interlocked.Increment(ref stripe.Executed);
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
            ToTimeSpan(Sum(static (ref Stripe stripe) => ref stripe.RuntimeTicks)),
            ToTimeSpan(Sum(static (ref Stripe stripe) => ref stripe.QueueWaitTicks)));
    }

    private ref Stripe Mine => ref _stripes[Thread.GetCurrentProcessorId() & (_stripes.Length - 1)];

    private long Sum(FieldOf field)
    {
        long sum = 0;
        for (int i = 0; i < _stripes.Length; i++)
        {
            sum += Volatile.Read(ref field(ref _stripes[i]));
        }

        return sum;
    }

    private TimeSpan ToTimeSpan(long timestampTicks) =>
        new((long)(timestampTicks * ((double)TimeSpan.TicksPerSecond / Time.TimestampFrequency)));

    private delegate ref long FieldOf(ref Stripe stripe);

    // 128 bytes apart: two stripes never share a cache line (nor an adjacent-line prefetch pair).
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Stripe
    {
        [FieldOffset(0)] public long Executed;
        [FieldOffset(8)] public long Failures;
        [FieldOffset(16)] public long Canceled;
        [FieldOffset(24)] public long Rejected;
        [FieldOffset(32)] public long Interrupted;
        [FieldOffset(40)] public long RuntimeTicks;
        [FieldOffset(48)] public long QueueWaitTicks;
    }
}
