using System.Collections.Concurrent;
using Concurrency.Core;

namespace Concurrency.Testing;

/// <summary>Inputs and races found by hostile testing from outside (issue 13): each failed before its fix.</summary>
public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task SubmitAfter_DelayLongerThanATimerHolds_WaitsAndLetsShorterDelaysRun()
    {
        var executor = Create();

        var sixtyDays = executor.SubmitAfter(TimeSpan.FromDays(60), _ => "sixty days");
        var oneSecond = executor.SubmitAfter(TimeSpan.FromSeconds(1), _ => "one second");
        Clock.Advance(TimeSpan.FromSeconds(1));

        (await oneSecond.Within()).Should().Be("one second");
        Clock.Advance(TimeSpan.FromDays(50));
        sixtyDays.IsCompleted.Should().BeFalse("50 of its 60 days have passed");
        Clock.Advance(TimeSpan.FromDays(10));
        (await sixtyDays.Within()).Should().Be("sixty days");
    }

    [Fact]
    public async Task SubmitAfter_MaxValueDelay_NeverComesDueAndNeverBlocksLaterDelays()
    {
        var executor = Create();
        Clock.Advance(TimeSpan.FromSeconds(1));

        var never = executor.SubmitAfter(TimeSpan.MaxValue, _ => 0);
        var later = executor.SubmitAfter(TimeSpan.FromSeconds(2), _ => 2);
        Clock.Advance(TimeSpan.FromSeconds(2));

        (await later.Within()).Should().Be(2);
        never.IsCompleted.Should().BeFalse();
        await executor.ShutdownAsync().Within();
        never.IsCanceled.Should().BeTrue("shutdown cancels what has not come due");
    }

    [Fact]
    public async Task SubmitAfter_WorkReturningATask_IsAsynchronousWorkByOverloadResolution()
    {
        var executor = Create();
        var gate = NewGate();

        Task<int> delayed = executor.SubmitAfter(TimeSpan.FromSeconds(1), async _ =>
        {
            await gate.Task;
            return 1;
        });
        Clock.Advance(TimeSpan.FromSeconds(1));
        gate.SetResult();

        (await delayed.Within()).Should().Be(1);
        executor.GetStatistics().Executed.Should().Be(1);
    }

    [Fact]
    public async Task ShutdownAsync_WaitingFromOwnAsynchronousWorkAfterAnAwait_ThrowsInsteadOfHanging()
    {
        var executor = Create();

        var work = executor.Submit(async _ =>
        {
            await Task.Yield();
            await executor.ShutdownAsync();
        });

        await FluentActions.Awaiting(() => work.Within()).Should().ThrowAsync<InvalidOperationException>().WithMessage("*would wait for itself*");
        await executor.ShutdownAsync().Within();
    }

    [Fact]
    public async Task DisposeAsync_FromOwnAsynchronousWorkAfterAnAwait_ShutsDownWithoutWaiting()
    {
        var executor = Create();

        await executor.Submit(async _ =>
        {
            await Task.Yield();
            await using (executor)
            {
            }
        }).Within();

        executor.IsAlive.Should().BeFalse();
        await executor.ShutdownAsync().Within();
    }

    [Fact]
    public async Task ShutdownAsync_RacingTheFirstDelayedSubmission_NeverLeavesItPending()
    {
        for (int round = 0; round < 200; round++)
        {
            var executor = Create();
            using var start = new Barrier(2);
            Task<int>? delayed = null;
            var submitter = Task.Run(() =>
            {
                start.SignalAndWait();
                try
                {
                    delayed = executor.SubmitAfter(TimeSpan.FromHours(1), _ => 1);
                }
                catch (ExecutorShutdownException)
                {
                    // Refused: the shutdown won the race.
                }
            });

            start.SignalAndWait();
            await executor.ShutdownAsync().Within();
            await submitter.Within();

            (delayed is null || delayed.IsCanceled).Should().BeTrue($"round {round}: a delayed submission accepted by a stopping executor is canceled, never left pending");
        }
    }

    [Fact]
    public async Task ShutdownAsync_Waiting_ReturnsOnlyAfterDelayedSubmissionsComingDueOrCanceledMeanwhileAreCompleted()
    {
        for (int round = 0; round < 200; round++)
        {
            var executor = Create();
            using var cancel = new CancellationTokenSource();
            var comingDue = executor.SubmitAfter(TimeSpan.FromSeconds(1), _ => 1);
            var canceled = executor.SubmitAfter(TimeSpan.FromHours(1), _ => 2, cancel.Token);
            using var start = new Barrier(3);
            var advancing = Task.Run(() => { start.SignalAndWait(); Clock.Advance(TimeSpan.FromSeconds(1)); });
            var canceling = Task.Run(() => { start.SignalAndWait(); cancel.Cancel(); });

            start.SignalAndWait();
            var seenOnReturn = executor.ShutdownAsync().ContinueWith(
                _ => (ComingDue: comingDue.IsCompleted, Canceled: canceled.IsCompleted),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            (await seenOnReturn.Within()).Should().Be((true, true), $"round {round}: the waiting shutdown returned");
            await Task.WhenAll(advancing, canceling).Within();
        }
    }

    [Fact]
    public async Task ShutdownAsync_Waiting_ReturnsOnlyAfterAConcurrentCancelPendingCompletedAndCountedEveryTask()
    {
        for (int round = 0; round < 10; round++)
        {
            var executor = Create(maxWorkers: 1);
            var gate = NewGate();
            var holder = executor.Submit(_ => gate.Task);
            var queued = Enumerable.Range(0, 20_000).Select(_ => executor.Submit(_ => 0)).ToList();

            // The waiting shutdown comes first; the held slot is released while the cancel is still completing Tasks.
            var waiting = executor.ShutdownAsync();
            var seenOnReturn = waiting.ContinueWith(
                _ => (Pending: queued.Count(task => !task.IsCompleted), Statistics: executor.GetStatistics()),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            gate.SetResult();
            _ = executor.ShutdownAsync(ShutdownMode.CancelQueued);
            var (pending, statistics) = await seenOnReturn.Within();

            pending.Should().Be(0, $"round {round}: the waiting shutdown returned");
            (statistics.Executed + statistics.Canceled).Should().Be(20_001, $"round {round}: every Task is counted by then");
            await holder.Within();
        }
    }

    [Fact]
    public async Task Submit_ForeignOperationCanceledException_IsAFailureInTheTaskAndTheStatistics()
    {
        var executor = Create();
        using var foreign = new CancellationTokenSource();
        await foreign.CancelAsync();

        var synchronous = executor.Submit(_ => foreign.Token.ThrowIfCancellationRequested());
        var asynchronous = executor.Submit(async _ =>
        {
            await Task.Yield();
            throw new TaskCanceledException("an HTTP client's timeout");
        });

        await FluentActions.Awaiting(() => synchronous.Within()).Should().ThrowAsync<OperationCanceledException>();
        await FluentActions.Awaiting(() => asynchronous.Within()).Should().ThrowAsync<TaskCanceledException>().WithMessage("an HTTP client's timeout");
        synchronous.IsFaulted.Should().BeTrue();
        asynchronous.IsFaulted.Should().BeTrue();
        var statistics = executor.GetStatistics();
        statistics.Failures.Should().Be(2);
        statistics.Canceled.Should().Be(0);
        statistics.Interrupted.Should().Be(0);
    }

    [Fact]
    public async Task Submit_OperationCanceledExceptionAfterItsOwnTokenWasCanceled_IsInterruptedAndCanceled()
    {
        var executor = Create();
        using var own = new CancellationTokenSource();
        var started = NewGate();

        var work = executor.Submit(
            async ct =>
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
            own.Token);
        await started.Task.Within();
        await own.CancelAsync();

        await FluentActions.Awaiting(() => work.Within()).Should().ThrowAsync<OperationCanceledException>();
        work.IsCanceled.Should().BeTrue();
        executor.GetStatistics().Interrupted.Should().Be(1);
        executor.GetStatistics().Failures.Should().Be(0);
    }
}
