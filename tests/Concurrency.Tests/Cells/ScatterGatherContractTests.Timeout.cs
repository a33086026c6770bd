using Concurrency.Tests.Infrastructure;
using Concurrency.Cells;

namespace Concurrency.Tests.Cells;

public abstract partial class ScatterGatherContractTests
{
    [Fact]
    public async Task AllCellsAsync_TimeoutWithRunningAndQueuedCells_ReportsBothDidNotRespondAndCancelsThem()
    {
        var executor = Executor(maxWorkers: 1);
        Cell[] cells = [Databases.Create("running"), Databases.Create("queued")];
        var started = NewGate();
        var neverOpened = NewGate();
        var runningSawCancel = NewGate();
        var queuedRan = false;

        var gather = ScatterGather.AllCellsAsync(cells, async context =>
        {
            if (context.Cell.Id == "queued")
            {
                queuedRan = true;
                return 0;
            }

            started.SetResult();
            try
            {
                await neverOpened.Task.WaitAsync(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                runningSawCancel.SetResult();
                throw;
            }

            return 1;
        }, Options(executor));
        await started.Task.Within();
        Clock.Advance(Timeout - TimeSpan.FromTicks(1));
        gather.IsCompleted.Should().BeFalse("the timeout has not expired yet");
        Clock.Advance(TimeSpan.FromTicks(1));
        var results = await gather.Within();

        results["running"].Outcome.Should().Be(CellOutcome.DidNotRespond);
        results["running"].LeftRunning.Should().BeTrue();
        results["queued"].Outcome.Should().Be(CellOutcome.DidNotRespond);
        results["queued"].LeftRunning.Should().BeFalse();
        results.Should().OnlyContain(result => result.IsFailure && result.Exception == null);
        await runningSawCancel.Task.Within();
        await results.LeftRunningEnded.Within();
        queuedRan.Should().BeFalse();
        executor.GetPoolState().BusyWorkers.Should().Be(0);
        executor.GetPoolState().Queued.Should().Be(0);
        executor.GetStatistics().Canceled.Should().Be(1, "the queued cell never ran");
        Logs.Entries.Select(entry => entry.EventId.Id).Should().Contain([102, 103, 104]);
    }

    [Fact]
    public async Task AllCellsAsync_RunningCellIgnoresCancellation_HoldsItsWorkerUntilItEnds()
    {
        var executor = Executor(maxWorkers: 2);
        var observed = new ObservedExecutor(executor);
        Cell[] cells = [Databases.Create("quick", "host-q"), Databases.Create("stubborn")];
        var started = NewGate();
        var release = NewGate();

        var gather = ScatterGather.AllCellsAsync(cells, async context =>
        {
            if (context.Cell.Id == "quick")
            {
                return await ListHostsAsync(context);
            }

            started.SetResult();
            await release.Task;
            return ["late"];
        }, Options(observed));
        await started.Task.Within();
        await observed.Submitted[0].Within();
        Clock.Advance(Timeout);
        var results = await gather.Within();

        results["quick"].Value.Should().Equal("host-q");
        results["stubborn"].LeftRunning.Should().BeTrue();
        results["stubborn"].ToString().Should().Contain("left to finish");
        executor.GetPoolState().BusyWorkers.Should().Be(1, "the pool state shows the call left running");
        results.LeftRunningEnded.IsCompleted.Should().BeFalse();
        release.SetResult();
        await results.LeftRunningEnded.Within();
        executor.GetPoolState().BusyWorkers.Should().Be(0);
    }

    [Fact]
    public async Task AllCellsAsync_CallerCancels_ThrowsAndCancelsEveryCell()
    {
        var executor = Executor(maxWorkers: 1);
        var started = NewGate();
        var sawCancel = NewGate();
        var runs = 0;
        using var caller = new CancellationTokenSource();

        var gather = ScatterGather.AllCellsAsync(ThreeCells(), async context =>
        {
            Interlocked.Increment(ref runs);
            started.SetResult();
            try
            {
                await NewGate().Task.WaitAsync(context.CancellationToken); // a gate nobody opens: only cancellation ends it
            }
            catch (OperationCanceledException)
            {
                sawCancel.SetResult();
                throw;
            }

            return 0;
        }, Options(executor), caller.Token);
        await started.Task.Within();
        caller.Cancel();

        await FluentActions.Awaiting(() => gather.Within()).Should().ThrowAsync<OperationCanceledException>();
        await sawCancel.Task.Within();
        await executor.ShutdownAsync().Within();
        runs.Should().Be(1, "the two queued cells never ran");
    }
}
