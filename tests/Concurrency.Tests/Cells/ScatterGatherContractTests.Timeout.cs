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
        results["running"].Reason.Should().Be("did not respond within the timeout (its call was canceled and left to finish)");
        results["queued"].Reason.Should().Be("did not respond within the timeout (its call was still queued and never ran)");
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

    [Fact]
    public async Task AllCellsAsync_CallerCancelsWhileADriverCancellationBlocks_ReturnsToTheCancelerAndCancelsTheOtherCells()
    {
        var executor = Executor(maxWorkers: 2);
        var cells = ThreeCells()[..2];
        var bothStarted = NewGate();
        var blockingCallbackEntered = NewGate();
        var otherCanceled = NewGate();
        using var releaseCallback = new ManualResetEventSlim();
        var started = 0;
        using var caller = new CancellationTokenSource();
        try
        {
            var gather = ScatterGather.AllCellsAsync(cells, async context =>
            {
                bool blocking = context.Cell.Id == cells[1].Id;
                if (blocking)
                {
                    // A driver whose cancellation blocks on the network, as Npgsql's sends its cancel request.
                    context.CancellationToken.Register(() =>
                    {
                        blockingCallbackEntered.TrySetResult();
                        releaseCallback.Wait();
                    });
                }

                if (Interlocked.Increment(ref started) == cells.Length)
                {
                    bothStarted.SetResult();
                }

                try
                {
                    await NewGate().Task.WaitAsync(context.CancellationToken);
                }
                catch (OperationCanceledException) when (!blocking)
                {
                    otherCanceled.SetResult();
                    throw;
                }

                return 0;
            }, Options(executor), caller.Token);
            await bothStarted.Task.Within();

            // The canceling thread runs no driver callback, and one cell's blocked cancellation holds back no other's.
            await Task.Run(caller.Cancel).Within();
            await blockingCallbackEntered.Task.Within();
            await otherCanceled.Task.Within();
            await FluentActions.Awaiting(() => gather.Within()).Should().ThrowAsync<OperationCanceledException>();
        }
        finally
        {
            releaseCallback.Set();
        }

        await executor.ShutdownAsync().Within();
    }

    [Fact]
    public async Task AllCellsAsync_CallerCancelsAndADriverCancellationThrows_LogsItNamingTheCellAndNeverThrowsAtTheCanceler()
    {
        var executor = Executor(maxWorkers: 1);
        var cell = ThreeCells()[0];
        var started = NewGate();
        var ended = NewGate();
        using var caller = new CancellationTokenSource();

        var gather = ScatterGather.AllCellsAsync([cell], async context =>
        {
            context.CancellationToken.Register(() => throw new InvalidOperationException("the driver's cancel request failed"));
            started.SetResult();
            try
            {
                await NewGate().Task.WaitAsync(context.CancellationToken);
                return 0;
            }
            finally
            {
                ended.SetResult();
            }
        }, Options(executor), caller.Token);
        await started.Task.Within();

        await Task.Run(caller.Cancel).Within();
        await FluentActions.Awaiting(() => gather.Within()).Should().ThrowAsync<OperationCanceledException>();
        await ended.Task.Within();
        await Eventually.Until(() => Logs.Entries.Any(entry => entry.EventId.Id == 105), "the failed cancellation is logged");
        var warning = Logs.Entries.First(entry => entry.EventId.Id == 105);
        warning.Message.Should().Contain(cell.Name).And.Contain("because its caller canceled");
        warning.Exception!.InnerException.Should().BeOfType<InvalidOperationException>();
        await executor.ShutdownAsync().Within();
    }
}
