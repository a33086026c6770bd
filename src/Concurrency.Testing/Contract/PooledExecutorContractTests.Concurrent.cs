using System.Collections.Concurrent;

namespace Concurrency.Testing;

/// <summary>The engine's limits hold when many threads submit at once: admission is lock-free, not approximate.</summary>
public abstract partial class PooledExecutorContractTests
{
    [Fact]
    public async Task Submit_SlotFree_HandsOutAStartedTaskThatNoCallerCanStartOrRunElsewhere()
    {
        var executor = Create(maxWorkers: 4);
        var results = new List<Task<int>>();
        for (int i = 0; i < 100; i++)
        {
            var task = executor.Submit(static (number, _) => number, i);
            task.Status.Should().NotBe(TaskStatus.Created, "a submission is started as it is accepted, as Task.Run's is");
            FluentActions.Invoking(() => task.Start()).Should().Throw<InvalidOperationException>();
            results.Add(task);
        }

        (await Task.WhenAll(results).Within()).Should().Equal(Enumerable.Range(0, 100));
    }

    [Fact]
    public async Task Submit_CallerWaitsSynchronouslyAsTheItemStarts_TheItemRunsOnceOnItsWorkerNeverOnTheWaiter()
    {
        // A submission that starts at once is its own Task; a synchronous wait must never run it on the waiting thread.
        var executor = Create(maxWorkers: 4);
        const int Rounds = 2_000;
        int ranOnWaiter = await Task.Factory.StartNew(
            () =>
            {
                int onWaiter = 0;
                int waiter = Environment.CurrentManagedThreadId;
                for (int i = 0; i < Rounds; i++)
                {
                    if (executor.Submit(static _ => Environment.CurrentManagedThreadId).Result == waiter)
                    {
                        onWaiter++;
                    }
                }

                return onWaiter;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Within();

        ranOnWaiter.Should().Be(0);
        executor.GetStatistics().Executed.Should().Be(Rounds);
    }

    [Fact]
    public async Task Submit_ManyThreadsRaceForABacklog_AcceptsExactlyTheBacklogAndRejectsTheRest()
    {
        const int Backlog = 50, Submitters = 8, EachSubmits = 20;
        var executor = Create(maxWorkers: 1, maxBacklog: Backlog);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        var accepted = new ConcurrentBag<Task<int>>();
        int rejected = 0;
        using var start = new Barrier(Submitters);

        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int i = 0; i < EachSubmits; i++)
                {
                    try
                    {
                        accepted.Add(executor.Submit(static _ => 1));
                    }
                    catch (RejectedExecutionException)
                    {
                        Interlocked.Increment(ref rejected);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))).Within();

        accepted.Should().HaveCount(Backlog);
        rejected.Should().Be((Submitters * EachSubmits) - Backlog);
        executor.GetPoolState().Queued.Should().Be(Backlog);
        executor.GetStatistics().Rejected.Should().Be(rejected);
        gate.SetResult();
        (await Task.WhenAll(accepted).Within()).Sum().Should().Be(Backlog);
        await Task.WhenAll(running).Within();
        executor.GetStatistics().Executed.Should().Be(Backlog + 1);
    }
}
