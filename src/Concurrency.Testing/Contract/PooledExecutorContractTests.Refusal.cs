namespace Concurrency.Testing;

public abstract partial class PooledExecutorContractTests
{
    [Fact]
    public async Task TrySubmit_BacklogFull_ReturnsFalseAndCountsTheRejection()
    {
        var executor = Create(maxWorkers: 1, maxBacklog: 1);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        executor.TrySubmit(_ => 2, out var queued).Should().BeTrue();

        executor.TrySubmit(_ => 3, out var refused).Should().BeFalse();

        refused.Should().BeNull();
        executor.GetStatistics().Rejected.Should().Be(1);
        FluentActions.Invoking(() => { _ = executor.Submit(_ => 4); }).Should().Throw<SubmissionRefusedException>()
            .Which.Reason.Should().Be(RefusalReason.BacklogFull);
        gate.SetResult();
        await Task.WhenAll(running).Within();
        (await queued!.Within()).Should().Be(2);
    }

    [Fact]
    public async Task ShutdownAsync_BudgetRunsOut_CancelsQueuedAndDelayedWorkAndEndsCanceledWhileRunningWorkGoesOn()
    {
        var executor = Create(maxWorkers: 1);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        var queued = executor.Submit(_ => 2);
        var delayed = executor.SubmitAfter(TimeSpan.FromMinutes(5), _ => 3);
        using var budget = new CancellationTokenSource();

        var shutdown = executor.ShutdownAsync(ShutdownMode.Drain, budget.Token);
        shutdown.IsCompleted.Should().BeFalse("the running and queued work have not ended");
        delayed.IsCanceled.Should().BeTrue("shutdown cancels delayed work at once");
        await budget.CancelAsync();

        await FluentActions.Awaiting(() => shutdown.Within()).Should().ThrowAsync<OperationCanceledException>();
        await FluentActions.Awaiting(() => queued.Within()).Should().ThrowAsync<OperationCanceledException>("the budget ran out before it could run");
        running.Should().OnlyContain(task => !task.IsCompleted, "running work is stopped only by its own token");
        executor.Completion.IsCompleted.Should().BeFalse();
        gate.SetResult();
        await executor.Completion.Within();
        await Task.WhenAll(running).Within();
        executor.GetStatistics().Canceled.Should().Be(2);
    }

    [Fact]
    public async Task ShutdownAsync_EndsWithinItsBudget_CompletesNormally()
    {
        var executor = Create(maxWorkers: 1);
        using var budget = new CancellationTokenSource();
        var done = executor.Submit(_ => 1);

        await executor.ShutdownAsync(ShutdownMode.Drain, budget.Token).Within();

        (await done.Within()).Should().Be(1);
        executor.Completion.IsCompletedSuccessfully.Should().BeTrue();
    }
}
