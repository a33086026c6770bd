namespace Concurrency.Testing;

public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task TrySubmit_Accepted_ReturnsTrueAndTheTaskRunsTheWork()
    {
        var executor = Create();

        executor.TrySubmit(_ => 6 * 7, out var answer).Should().BeTrue();
        executor.TrySubmit(async _ => { await Task.Yield(); return "async"; }, out var text).Should().BeTrue();
        bool ran = false;
        executor.TrySubmit(_ => { ran = true; }, out var action).Should().BeTrue();

        (await answer!.Within()).Should().Be(42);
        (await text!.Within()).Should().Be("async");
        await action!.Within();
        ran.Should().BeTrue();
        executor.GetStatistics().Executed.Should().Be(3);
    }

    [Fact]
    public async Task TrySubmit_AfterShutdown_ReturnsFalseWithoutThrowingAndCreatesNoWork()
    {
        var executor = Create(name: "closed");
        await executor.ShutdownAsync().Within();

        executor.TrySubmit(_ => 1, out var task).Should().BeFalse();
        task.Should().BeNull();
        executor.TrySubmit(async _ => { await Task.Yield(); }, out var asyncTask).Should().BeFalse();
        asyncTask.Should().BeNull();
        executor.GetStatistics().Executed.Should().Be(0);
    }

    [Fact]
    public async Task Submit_AfterShutdown_ThrowsASubmissionRefusedExceptionSayingWhyAndWhich()
    {
        var executor = Create(name: "refusing");
        await executor.ShutdownAsync().Within();

        var refused = FluentActions.Invoking(() => { _ = executor.Submit(_ => 1); }).Should().Throw<SubmissionRefusedException>().Which;

        refused.Should().BeOfType<ExecutorShutdownException>();
        refused.Reason.Should().Be(RefusalReason.ShutDown);
        refused.ExecutorName.Should().Be("refusing");
    }

    [Fact]
    public async Task Completion_ObservedBeforeShutdown_StaysPendingUntilTheExecutorEnds()
    {
        var executor = Create();
        var gate = NewGate();
        var running = executor.Submit(async _ => await gate.Task);

        var completion = executor.Completion;
        completion.IsCompleted.Should().BeFalse("observing the end never causes it");
        executor.IsAlive.Should().BeTrue();
        var shutdown = executor.ShutdownAsync();
        completion.IsCompleted.Should().BeFalse("a submission is still running");
        gate.SetResult();

        await completion.Within();
        await shutdown.Within();
        running.IsCompletedSuccessfully.Should().BeTrue("the executor ended only after its work");
    }
}
