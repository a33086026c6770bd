using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;

namespace Concurrency.Tests.Reliability;

/// <summary>Faults outside the work itself: throwing continuations and throwing cancellation callbacks.</summary>
public abstract class FaultTests(BackendUnderTest backend) : IAsyncLifetime
{
    private IExecutor _executor = null!;

    public Task InitializeAsync()
    {
        _executor = backend.Create(new ExecutorOptions { Name = "faults", MaxWorkers = 1 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        await backend.StopAsync();
    }

    [Fact]
    public async Task Continuation_Throws_ItsTaskFaultsAndTheExecutorKeepsWorking()
    {
        var continuation = _executor.Submit(_ => 1).ContinueWith<int>(_ => throw new InvalidOperationException("continuation failed"), TaskScheduler.Default);

        await FluentActions.Awaiting(() => continuation.Within()).Should().ThrowAsync<InvalidOperationException>();
        (await _executor.Submit(_ => 2).Within()).Should().Be(2);
        _executor.GetStatistics().Failures.Should().Be(0, "the continuation is the caller's code, not the executor's work");
    }

    [Fact]
    public async Task CancellationCallback_Throws_TheQueuedSubmissionIsStillCanceledAndTheExecutorKeepsWorking()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = _executor.Submit(async _ => { started.SetResult(); await gate.Task; });
        await started.Task.Within();
        using var cancel = new CancellationTokenSource();
        cancel.Token.Register(() => throw new InvalidOperationException("callback failed"));
        var queued = _executor.Submit(_ => 3, cancel.Token);

        FluentActions.Invoking(() => cancel.Cancel()).Should().Throw<AggregateException>()
            .WithInnerException<InvalidOperationException>().WithMessage("callback failed");

        await FluentActions.Awaiting(() => queued.Within()).Should().ThrowAsync<OperationCanceledException>();
        gate.SetResult();
        await holder.Within();
        (await _executor.Submit(_ => 4).Within()).Should().Be(4);
        var statistics = _executor.GetStatistics();
        (statistics.Executed, statistics.Canceled).Should().Be((2L, 1L));
    }
}

public sealed class ThreadedFaultTests() : FaultTests(new ThreadedUnderTest());

public sealed class DotNetPoolFaultTests() : FaultTests(new DotNetPoolUnderTest());

public sealed class CooperativeFaultTests() : FaultTests(new CooperativeUnderTest("faults-loop"));
