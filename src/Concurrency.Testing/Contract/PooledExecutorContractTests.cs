namespace Concurrency.Testing;

/// <summary>
/// The behaviours of executors that queue work behind a worker limit (thread pool, cooperative loop). Running work
/// is held with asynchronous gates, so the same tests hold on one thread or many.
/// </summary>
public abstract partial class PooledExecutorContractTests : ExecutorContractTests
{
    /// <summary>Submits <paramref name="count"/> async items that each hold a slot until <paramref name="gate"/> opens.</summary>
    protected static async Task<List<Task>> OccupyAsync(IExecutor executor, int count, TaskCompletionSource gate)
    {
        var tasks = new List<Task>();
        for (int i = 0; i < count; i++)
        {
            var started = NewGate();
            tasks.Add(executor.Submit(async _ =>
            {
                started.SetResult();
                await gate.Task;
            }));
            await started.Task.Within();
        }

        return tasks;
    }

    [Fact]
    public async Task Submit_BacklogReachesLimit_RejectsWithBacklogAndLimitInMessage()
    {
        var executor = Create(maxWorkers: 1, maxBacklog: 1, name: "limited");
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        bool thirdRan = false;
        Task queued = executor.Submit(_ => 2);

        var thrown = FluentActions.Invoking(() => { executor.Submit(_ => { thirdRan = true; }); }).Should().Throw<RejectedExecutionException>().Which;

        thrown.Message.Should().Contain("'limited'").And.Contain("backlog of 1").And.Contain("beyond 1");
        thrown.Backlog.Should().Be(1);
        thrown.MaxBacklog.Should().Be(1);
        executor.GetStatistics().Rejected.Should().Be(1);
        executor.GetPoolState().Queued.Should().Be(1);
        gate.SetResult();
        await Task.WhenAll(running.Append(queued)).Within();
        thirdRan.Should().BeFalse();
        executor.GetStatistics().Executed.Should().Be(2);
    }

    [Fact]
    public async Task Submit_MaxBacklogZero_AcceptsOnlyWorkThatCanStartAtOnce()
    {
        var executor = Create(maxWorkers: 2, maxBacklog: 0);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 2, gate);

        FluentActions.Invoking(() => { executor.Submit(_ => 1); }).Should().Throw<RejectedExecutionException>();

        gate.SetResult();
        await Task.WhenAll(running).Within();
        (await executor.Submit(_ => 3).Within()).Should().Be(3);
    }

    [Fact]
    public async Task Submit_MoreThanMaxWorkers_RunsAtMostMaxWorkersAtOnce()
    {
        var executor = Create(maxWorkers: 3);
        var gate = NewGate();
        int running = 0;
        int peak = 0;
        var tasks = Enumerable.Range(0, 12).Select(i => i % 2 == 0
            ? executor.Submit(async _ =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await gate.Task;
                Interlocked.Decrement(ref running);
            })
            : executor.Submit(_ =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                Interlocked.Decrement(ref running);
            })).ToList();

        var state = executor.GetPoolState();
        state.BusyWorkers.Should().BeLessThanOrEqualTo(3);
        gate.SetResult();
        await Task.WhenAll(tasks).Within();

        peak.Should().BeLessThanOrEqualTo(3);
        executor.GetStatistics().Executed.Should().Be(12);
    }

    [Fact]
    public async Task GetPoolState_AllWorkersHeld_ShowsBusyAndQueued()
    {
        var executor = Create(maxWorkers: 2);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 2, gate);
        var queued = Enumerable.Range(0, 3).Select(i => executor.Submit(_ => i)).ToList();

        var state = executor.GetPoolState();

        state.MaxWorkers.Should().Be(2);
        state.BusyWorkers.Should().Be(2);
        state.Queued.Should().Be(3);
        gate.SetResult();
        await Task.WhenAll(running.Concat(queued)).Within();
        executor.GetPoolState().Queued.Should().Be(0);
    }

    [Fact]
    public async Task Submit_CanceledWhileQueued_CompletesAtOnceNeverRunsAndCountsCanceled()
    {
        var executor = Create(maxWorkers: 1);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        using var cts = new CancellationTokenSource();
        bool ran = false;
        Task queued = executor.Submit(_ => { ran = true; }, cts.Token);
        executor.GetPoolState().Queued.Should().Be(1);

        await cts.CancelAsync();

        queued.IsCanceled.Should().BeTrue("a queued submission completes as soon as its token is canceled");
        executor.GetPoolState().Queued.Should().Be(0);
        gate.SetResult();
        await Task.WhenAll(running).Within();
        await executor.ShutdownAsync().Within();
        ran.Should().BeFalse();
        var stats = executor.GetStatistics();
        stats.Canceled.Should().Be(1);
        stats.Executed.Should().Be(1);
    }

    [Fact]
    public async Task ShutdownAsync_Wait_WaitsForRunningAndQueuedWork()
    {
        var executor = Create(maxWorkers: 1);
        var gate = NewGate();
        var results = new System.Collections.Concurrent.ConcurrentBag<int>();
        Task first = executor.Submit(async _ =>
        {
            await gate.Task;
            results.Add(0);
        });
        Task second = executor.Submit(_ => results.Add(1));
        Task third = executor.Submit(_ => results.Add(2));

        Task shutdown = executor.ShutdownAsync();
        shutdown.IsCompleted.Should().BeFalse();
        gate.SetResult();
        await shutdown.Within();

        results.Should().BeEquivalentTo([0, 1, 2]);
        new[] { first, second, third }.Should().OnlyContain(t => t.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ShutdownAsync_NoWait_QueuedWorkStillRunsAndIsNeverStranded()
    {
        var executor = Create(maxWorkers: 1);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        var queued = Enumerable.Range(0, 5).Select(i => executor.Submit(_ => i)).ToList();

        Task ended = executor.ShutdownAsync();
        executor.IsAlive.Should().BeFalse();
        ended.IsCompleted.Should().BeFalse("a running and five queued submissions have not ended");
        gate.SetResult();

        (await Task.WhenAll(queued).Within()).Should().Equal(0, 1, 2, 3, 4);
        await Task.WhenAll(running).Within();
        await executor.ShutdownAsync().Within();
    }

    [Fact]
    public async Task ShutdownAsync_CancelPending_CancelsQueuedAndLetsRunningFinish()
    {
        var executor = Create(maxWorkers: 1);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        var queued = Enumerable.Range(0, 4).Select(i => executor.Submit(_ => i)).ToList();

        Task shutdown = executor.ShutdownAsync(ShutdownMode.CancelQueued);

        queued.Should().OnlyContain(t => t.IsCanceled);
        shutdown.IsCompleted.Should().BeFalse();
        gate.SetResult();
        await shutdown.Within();
        running.Should().OnlyContain(t => t.IsCompletedSuccessfully);
        var stats = executor.GetStatistics();
        stats.Canceled.Should().Be(4);
        stats.Executed.Should().Be(1);
    }

    [Fact]
    public async Task Submit_FromRunningWorkDuringWaitingShutdown_ThrowsInsteadOfDeadlocking()
    {
        var executor = Create(maxWorkers: 2);
        var gate = NewGate();
        Task<Exception?> parent = executor.Submit<Exception?>(async _ =>
        {
            await gate.Task;
            try
            {
                await executor.Submit(_ => 1, CancellationToken.None);
                return null;
            }
            catch (ExecutorShutdownException error)
            {
                return error;
            }
        });

        Task shutdown = executor.ShutdownAsync();
        gate.SetResult();
        await shutdown.Within();

        (await parent.Within()).Should().BeOfType<ExecutorShutdownException>();
    }

    [Fact]
    public async Task GetStatistics_QueuedWork_KeepsQueueWaitApartFromRuntime()
    {
        var executor = Create(maxWorkers: 1);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        Task queued = executor.Submit(_ => Clock.Advance(TimeSpan.FromSeconds(1)));

        Clock.Advance(TimeSpan.FromSeconds(5));
        gate.SetResult();
        await Task.WhenAll(running.Append(queued)).Within();

        var stats = executor.GetStatistics();
        stats.QueueWait.Should().Be(TimeSpan.FromSeconds(5));
        stats.Runtime.Should().Be(TimeSpan.FromSeconds(5 + 1), "the occupying item ran through the 5 s wait, the queued one for 1 s");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
