using System.Collections.Concurrent;

namespace Concurrency.Tests.Reliability;

/// <summary>Submits a seeded random mix of work and keeps what each submission got back.</summary>
public static class LoadGenerator
{
    public static async Task<LoadOutcome> RunAsync(IExecutor executor, int submitters, int perSubmitter, int seed)
    {
        var outcome = new LoadOutcome();
        await Task.WhenAll(Enumerable.Range(0, submitters).Select(index => Task.Run(() => Submit(executor, perSubmitter, new Random(seed * 31 + index), outcome))));
        return outcome;
    }

    private static async Task Submit(IExecutor executor, int count, Random random, LoadOutcome outcome)
    {
        for (int i = 0; i < count; i++)
        {
            using var cancel = new CancellationTokenSource();
            int kind = random.Next(7);
            if (kind == 0)
            {
                cancel.Cancel(); // canceled before queueing
            }

            try
            {
                Task task = kind switch
                {
                    1 => executor.Submit(new Func<CancellationToken, int>(_ => throw new InvalidOperationException("planned failure")), cancel.Token),
                    2 => executor.Submit(async ct => { await Task.Yield(); ct.ThrowIfCancellationRequested(); }, cancel.Token),
                    3 => executor.Submit(async ct => { await Task.Yield(); throw new InvalidOperationException("planned async failure"); }, cancel.Token),
                    4 => executor.Submit(ct => { for (int spin = 0; spin < 100 && !ct.IsCancellationRequested; spin++) { Thread.SpinWait(10); } ct.ThrowIfCancellationRequested(); }, cancel.Token),
                    _ => executor.Submit(_ => i, cancel.Token),
                };
                outcome.Tasks.Add(task);
                if (kind is 2 or 4)
                {
                    cancel.Cancel(); // canceled while queued or while running, whichever the race gives
                }
            }
            catch (RejectedExecutionException)
            {
                outcome.CountRejected();
            }
            catch (ExecutorShutdownException)
            {
                outcome.CountRefused();
            }

            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }
    }
}

public sealed class LoadOutcome
{
    public ConcurrentBag<Task> Tasks { get; } = [];

    private long _rejected;
    private long _refused;

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Refused => Interlocked.Read(ref _refused);

    public void CountRejected() => Interlocked.Increment(ref _rejected);

    public void CountRefused() => Interlocked.Increment(ref _refused);

    /// <summary>Completes when every Task has ended, whatever its outcome.</summary>
    public async Task AllEnded()
    {
        foreach (var task in Tasks)
        {
            try
            {
                await task;
            }
            catch (Exception)
            {
                // Failures and cancellations are outcomes here; AssertAccountedFor counts them.
            }
        }
    }

    /// <summary>Every Task completed, and the statistics account for each accepted, rejected and refused submission.</summary>
    public void AssertAccountedFor(ExecutorStatistics statistics)
    {
        Tasks.Where(task => !task.IsCompleted).Should().BeEmpty("no submission is ever left pending");
        long faulted = Tasks.Count(task => task.IsFaulted);
        long canceled = Tasks.Count(task => task.IsCanceled);
        (statistics.Executed + statistics.Canceled).Should().Be(Tasks.Count, "each accepted submission ran or was canceled, exactly once");
        statistics.Failures.Should().Be(faulted);
        (statistics.Canceled + statistics.Interrupted).Should().Be(canceled);
        statistics.Rejected.Should().Be(Rejected);
    }
}
