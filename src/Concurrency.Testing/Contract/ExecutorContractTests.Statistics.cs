namespace Concurrency.Testing;

public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task GetStatistics_FailingSlowAndPassingWork_CountsExecutedFailuresAndRuntime()
    {
        var executor = Create(maxWorkers: 1);

        var failing = executor.Submit<int>(_ => throw new InvalidOperationException());
        var slow = executor.Submit(_ => Clock.Advance(TimeSpan.FromSeconds(0.2)));
        var passing = executor.Submit(_ => 1);
        await Task.WhenAny(Task.WhenAll(failing, slow, passing)).Within();
        await executor.ShutdownAsync().Within();

        var stats = executor.GetStatistics();
        stats.Executed.Should().Be(3);
        stats.Failures.Should().Be(1);
        stats.Canceled.Should().Be(0);
        stats.Runtime.Should().Be(TimeSpan.FromSeconds(0.2));
        stats.AverageRuntime.Should().Be(TimeSpan.FromSeconds(0.2) / 3);
        stats.ToString().Should().Be("ExecutorStatistics(failures=1, executed=3, runtime=0.20, cancelled=0)");
    }

    [Fact]
    public void GetStatistics_NothingRan_AverageRuntimeIsZeroWithoutException()
    {
        var executor = Create();

        var stats = executor.GetStatistics();

        stats.Executed.Should().Be(0);
        stats.AverageRuntime.Should().Be(TimeSpan.Zero);
        stats.Runtime.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task GetStatistics_AfterAwaitingEachSubmission_AlreadyCountsIt()
    {
        var executor = Create();

        for (int i = 1; i <= 200; i++)
        {
            if (i % 2 == 0)
            {
                await executor.Submit(_ => i).Within();
            }
            else
            {
                await executor.Submit<int>(_ => throw new InvalidOperationException()).ContinueWith(failed => _ = failed.Exception, TaskScheduler.Default).Within();
            }

            var stats = executor.GetStatistics();
            stats.Executed.Should().Be(i);
            stats.Failures.Should().Be((i + 1) / 2);
        }
    }

    [Fact]
    public async Task GetPoolState_AfterWorkEnds_ShowsNothingBusyOrQueued()
    {
        var executor = Create(maxWorkers: 4);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => executor.Submit(_ => i))).Within();

        var state = executor.GetPoolState();
        state.BusyWorkers.Should().Be(0);
        state.Queued.Should().Be(0);
        state.MaxWorkers.Should().Be(ExpectedMaxWorkers(4));
    }

    /// <summary>The worker limit an executor reports when asked for <paramref name="requested"/>.</summary>
    protected virtual int ExpectedMaxWorkers(int requested) => requested;
}
