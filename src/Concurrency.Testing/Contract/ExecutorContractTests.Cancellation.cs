namespace Concurrency.Testing;

public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task Submit_TokenAlreadyCanceled_NeverRunsAndCountsCanceled()
    {
        var executor = Create();
        bool ran = false;

        Task task = executor.Submit(_ => { ran = true; }, new CancellationToken(canceled: true));
        Func<Task> awaiting = () => task.Within();

        await awaiting.Should().ThrowAsync<OperationCanceledException>();
        task.IsCanceled.Should().BeTrue();
        ran.Should().BeFalse();
        executor.GetStatistics().Canceled.Should().Be(1);
        executor.GetStatistics().Executed.Should().Be(0);
    }

    [Fact]
    public async Task SubmitAsync_TokenCanceledWhileRunning_WorkSeesItAndCountsInterrupted()
    {
        var executor = Create();
        using var cts = new CancellationTokenSource();
        var started = NewGate();
        var never = NewGate();

        Task task = executor.Submit(
            async ct =>
            {
                started.SetResult();
                await never.Task.WaitAsync(ct);
            },
            cts.Token);
        await started.Task.Within();
        await cts.CancelAsync();
        Func<Task> awaiting = () => task.Within();

        await awaiting.Should().ThrowAsync<OperationCanceledException>();
        task.IsCanceled.Should().BeTrue();
        var stats = executor.GetStatistics();
        stats.Executed.Should().Be(1);
        stats.Interrupted.Should().Be(1);
        stats.Failures.Should().Be(0);
        stats.Canceled.Should().Be(0);
    }

    [Fact]
    public async Task Submit_WorkThrowsCancellationOfAnotherToken_CountsAsFailure()
    {
        var executor = Create();
        using var other = new CancellationTokenSource();
        await other.CancelAsync();

        Task task = executor.Submit(_ => other.Token.ThrowIfCancellationRequested(), CancellationToken.None);
        Func<Task> awaiting = () => task.Within();

        await awaiting.Should().ThrowAsync<OperationCanceledException>();
        var stats = executor.GetStatistics();
        stats.Failures.Should().Be(1);
        stats.Interrupted.Should().Be(0);
    }
}
