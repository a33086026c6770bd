using System.Collections.Concurrent;

namespace Concurrency.Testing;

public abstract partial class ExecutorContractTests
{
    [Fact]
    public async Task SubmitAfter_ShorterLaterDelay_RunsFirstAndEachWaitsForItsDeadline()
    {
        var executor = Create();
        var order = new ConcurrentQueue<string>();

        var late = executor.SubmitAfter(TimeSpan.FromSeconds(5), _ => order.Enqueue("five seconds"));
        var early = executor.SubmitAfter(TimeSpan.FromSeconds(2), _ => order.Enqueue("two seconds"));
        Clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        order.Should().BeEmpty();
        Clock.Advance(TimeSpan.FromTicks(1));
        await early.Within();
        late.IsCompleted.Should().BeFalse();
        Clock.Advance(TimeSpan.FromSeconds(3));
        await late.Within();

        order.Should().Equal("two seconds", "five seconds");
        executor.GetStatistics().Executed.Should().Be(2);
    }

    [Fact]
    public async Task SubmitAfter_CanceledWhileTheSchedulerWaitsForIt_NeverRunsAndCountsAsCanceled()
    {
        var executor = Create();
        using var cancel = new CancellationTokenSource();
        bool ran = false;
        var delayed = executor.SubmitAfter(TimeSpan.FromSeconds(1), _ => { ran = true; }, cancel.Token);

        await cancel.CancelAsync();
        Clock.Advance(TimeSpan.FromSeconds(2));

        await FluentActions.Awaiting(() => delayed.Within()).Should().ThrowAsync<OperationCanceledException>();
        ran.Should().BeFalse();
        executor.GetStatistics().Canceled.Should().Be(1);
    }

    [Fact]
    public async Task SubmitAfter_WorkFails_CountsAsAFailure()
    {
        var executor = Create();

        var delayed = executor.SubmitAfter(TimeSpan.FromSeconds(1), new Func<CancellationToken, int>(_ => throw new InvalidOperationException("late failure")));
        Clock.Advance(TimeSpan.FromSeconds(1));

        await FluentActions.Awaiting(() => delayed.Within()).Should().ThrowAsync<InvalidOperationException>().WithMessage("late failure");
        executor.GetStatistics().Failures.Should().Be(1);
    }

    [Fact]
    public async Task ShutdownAsync_WithDelayedWork_CancelsEveryDelayedSubmission()
    {
        var executor = Create();
        var first = executor.SubmitAfter(TimeSpan.FromSeconds(1), _ => 1);
        var second = executor.SubmitAfter(TimeSpan.FromSeconds(9), async _ => { await Task.Yield(); return 2; });

        await executor.ShutdownAsync().Within();

        first.IsCanceled.Should().BeTrue();
        second.IsCanceled.Should().BeTrue();
        executor.GetStatistics().Canceled.Should().Be(2);
        FluentActions.Invoking(() => { _ = executor.SubmitAfter(TimeSpan.FromSeconds(1), _ => 3); }).Should().Throw<ExecutorShutdownException>();
    }

    [Fact]
    public async Task SubmitAfter_ZeroDelay_RunsAtOnce()
    {
        var executor = Create();

        (await executor.SubmitAfter(TimeSpan.Zero, _ => 7).Within()).Should().Be(7);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-5000)]
    public void SubmitAfter_NegativeDelay_ThrowsNamingTheValue(int milliseconds)
    {
        var executor = Create();

        FluentActions.Invoking(() => { _ = executor.SubmitAfter(TimeSpan.FromMilliseconds(milliseconds), _ => 1); })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"Delay {TimeSpan.FromMilliseconds(milliseconds)} is not accepted: use zero*")
            .Which.ParamName.Should().Be("delay");
    }

    [Fact]
    public void Submit_OptionsWithNegativeDelay_ThrowsNamingTheOptions()
    {
        var executor = Create();

        FluentActions.Invoking(() => { _ = executor.Submit(static (_, _) => 1, 0, new SubmitOptions(TimeSpan.FromSeconds(-1))); })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("Delay -00:00:01 is not accepted: use zero*")
            .Which.ParamName.Should().Be("options");
    }
}
