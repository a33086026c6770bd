using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Testing;

namespace Concurrency.Tests.Waiters;

public sealed class WaitersTests : IAsyncLifetime
{
    private readonly ThreadedUnderTest _threaded = new();
    private readonly CooperativeUnderTest _cooperative = new("waiters-loop");
    private readonly ManualTimeProvider _clock = new();
    private IExecutor _threadPool = null!;
    private IExecutor _loop = null!;

    public Task InitializeAsync()
    {
        _threadPool = _threaded.Create(new ExecutorOptions { Name = "waiters.threaded", MaxWorkers = 4 });
        _loop = _cooperative.Create(new ExecutorOptions { Name = "waiters.cooperative" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _threadPool.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        await _loop.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        await _cooperative.StopAsync();
    }

    [Fact]
    public async Task WaitForAllAsync_TasksFromBothBackends_ReturnsAllDoneNoneNotDone()
    {
        var tasks = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? _threadPool.Submit(_ => i) : _loop.Submit(_ => i)).ToArray();

        var result = await global::Concurrency.Waiters.WaitForAllAsync(tasks).Within();

        result.Done.Should().Equal(tasks);
        result.NotDone.Should().BeEmpty();
    }

    [Fact]
    public async Task WaitForAnyAsync_InALoop_CollectsAllTen()
    {
        var gates = Enumerable.Range(0, 10).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var pending = gates.Select((gate, i) => i % 2 == 0 ? _threadPool.Submit(_ => gate.Task) : _loop.Submit(_ => gate.Task)).ToList();
        var collected = new List<Task>();

        for (int i = 0; i < gates.Length; i++)
        {
            gates[i].SetResult();
            var result = await global::Concurrency.Waiters.WaitForAnyAsync(pending).Within();
            result.Done.Should().NotBeEmpty();
            collected.AddRange(result.Done);
            pending = [.. result.NotDone];
        }

        collected.Should().HaveCount(10);
    }

    [Fact]
    public async Task WaitForAllAsync_TimeoutPasses_ReturnsTheDoneAndTheNotDone()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var quick = _threadPool.Submit(_ => 1);
        var held = _loop.Submit(_ => gate.Task);
        await quick.Within();

        var wait = global::Concurrency.Waiters.WaitForAllAsync([quick, held], TimeSpan.FromSeconds(5), _clock);
        wait.IsCompleted.Should().BeFalse();
        _clock.Advance(TimeSpan.FromSeconds(5));
        var result = await wait.Within();

        result.Done.Should().Equal(quick);
        result.NotDone.Should().Equal(held);
        _clock.ActiveTimers.Should().Be(0);
        gate.SetResult();
    }

    [Fact]
    public async Task WaitForAnyAsync_EmptySet_ReturnsAtOnce() =>
        (await global::Concurrency.Waiters.WaitForAnyAsync([]).Within()).Done.Should().BeEmpty();

    [Fact]
    public void WaitForAllAsync_BadInput_ThrowsNamingIt()
    {
        FluentActions.Invoking(() => { _ = global::Concurrency.Waiters.WaitForAllAsync(null!); }).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => { _ = global::Concurrency.Waiters.WaitForAllAsync([Task.CompletedTask, null!]); })
            .Should().Throw<ArgumentNullException>().WithMessage("The Task at position 1 is null*");
        FluentActions.Invoking(() => { _ = global::Concurrency.Waiters.WaitForAnyAsync([Task.CompletedTask], TimeSpan.FromSeconds(-1)); })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("Timeout -00:00:01 is not accepted*");
    }
}
