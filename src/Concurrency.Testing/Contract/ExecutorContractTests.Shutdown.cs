namespace Concurrency.Testing;

public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task Submit_AfterShutdown_ThrowsExecutorShutdownExceptionNamingTheExecutor()
    {
        var executor = Create(name: "closing");
        await executor.ShutdownAsync().Within();

        var thrown = FluentActions.Invoking(() => { executor.Submit(_ => 1); }).Should().Throw<ExecutorShutdownException>();
        thrown.Which.Should().BeAssignableTo<InvalidOperationException>();
        thrown.Which.Message.Should().Contain("'closing'");
        FluentActions.Invoking(() => { executor.Submit(_ => 1, new CancellationToken(true)); }).Should().Throw<ExecutorShutdownException>();
        FluentActions.Invoking(() => { executor.Submit(_ => Task.CompletedTask); }).Should().Throw<ExecutorShutdownException>();
    }

    [Fact]
    public async Task IsAlive_InsideAwaitUsing_TrueAndFalseAfter()
    {
        IExecutor outside;
        await using (var executor = Create())
        {
            outside = executor;
            executor.IsAlive.Should().BeTrue();
            await executor.Submit(_ => 1).Within();
        }

        outside.IsAlive.Should().BeFalse();
    }

    [Fact]
    public async Task ShutdownAsync_CalledRepeatedly_IsIdempotent()
    {
        var executor = Create();
        await executor.Submit(_ => 1).Within();

        Task first = executor.ShutdownAsync();
        await first.Within();
        executor.ShutdownAsync().Should().BeSameAs(first);
        executor.ShutdownAsync(ShutdownMode.CancelQueued).Should().BeSameAs(first);
        await executor.DisposeAsync();

        executor.IsAlive.Should().BeFalse();
        executor.GetStatistics().Executed.Should().Be(1);
    }

    [Fact]
    public async Task ShutdownAsync_WaitFromInsideOwnWork_ThrowsInsteadOfWaitingForItself()
    {
        var executor = Create();

        Task task = executor.Submit(ct => { _ = executor.ShutdownAsync(); });
        Func<Task> awaiting = () => task.Within();

        await awaiting.Should().ThrowAsync<InvalidOperationException>().WithMessage("*would wait for itself*DisposeAsync*");
        executor.IsAlive.Should().BeTrue();
    }

    [Fact]
    public async Task DisposeAsync_FromInsideOwnWork_StopsTheExecutorWithoutWaiting()
    {
        var executor = Create();

        await executor.Submit(ct => { _ = executor.DisposeAsync().AsTask(); }).Within();

        executor.IsAlive.Should().BeFalse();
        await executor.ShutdownAsync().Within();
    }

    [Fact]
    public void ShutdownAsync_UndefinedMode_ThrowsNamingTheValueAndTheModes()
    {
        var executor = Create();

        FluentActions.Invoking(() => { _ = executor.ShutdownAsync((ShutdownMode)7); })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("Shutdown mode 7 is not accepted: use ShutdownMode.Drain or ShutdownMode.CancelQueued.*");
        executor.IsAlive.Should().BeTrue();
    }

    [Fact]
    public async Task DisposeAsync_WithRunningAsyncWork_WaitsForIt()
    {
        var executor = Create();
        var gate = NewGate();
        bool finished = false;
        Task work = executor.Submit(async _ =>
        {
            await gate.Task;
            finished = true;
        });

        ValueTask disposing = executor.DisposeAsync();
        disposing.IsCompleted.Should().BeFalse();
        gate.SetResult();
        await disposing.AsTask().Within();

        finished.Should().BeTrue();
        work.IsCompletedSuccessfully.Should().BeTrue();
    }
}
