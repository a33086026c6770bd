using Concurrency.Testing;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;

namespace Concurrency.Tests.Contract;

/// <summary>
/// The engine drops canceled entries instead of keeping them until they come due or reach the queue's head. These read
/// the engine's own counts, so they live here rather than in the published contract suite, on each of the project's backends.
/// </summary>
public sealed class EngineRetentionTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly CooperativeUnderTest _cooperative = new("retention-loop");

    public static TheoryData<string> Backends => ["threaded", "dedicated", "cooperative", "synchronous"];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _cooperative.StopAsync();

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task SubmitAfter_CanceledEntries_LeaveTheQueueBeforeTheirDeadline(string backend)
    {
        var executor = Create(backend, maxWorkers: null);
        using var cancel = new CancellationTokenSource();
        var canceled = Enumerable.Range(0, 10_000)
            .Select(_ => executor.SubmitAfter(TimeSpan.FromMinutes(10), _ => 0, cancel.Token)).ToList();
        var kept = executor.SubmitAfter(TimeSpan.FromMinutes(10), _ => 1);

        await cancel.CancelAsync();

        canceled.Should().OnlyContain(task => task.IsCanceled);
        ((PooledExecutor)executor).DelayedEntries.Should().BeLessThan(200, "canceled entries are dropped, not kept until they come due");
        _clock.Advance(TimeSpan.FromMinutes(10));
        (await kept.Within()).Should().Be(1);
        executor.GetStatistics().Canceled.Should().Be(10_000);
        await executor.ShutdownAsync().Within();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Submit_ManySubmissionsCanceledWhileQueued_DeadQueueEntriesStayBounded(string backend)
    {
        if (backend == "synchronous")
        {
            return; // Runs every submission on the caller: nothing ever queues.
        }

        var executor = Create(backend, maxWorkers: 1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = executor.Submit(async _ =>
        {
            started.SetResult();
            await gate.Task;
        });
        await started.Task.Within();
        var live = Enumerable.Range(0, 10).Select(i => executor.Submit(_ => i)).ToList();

        int mostEntries = 0;
        for (int i = 0; i < 20_000; i++)
        {
            using var cancel = new CancellationTokenSource();
            var canceled = executor.Submit(_ => i, cancel.Token);
            await cancel.CancelAsync();
            canceled.IsCanceled.Should().BeTrue();
            mostEntries = Math.Max(mostEntries, ((PooledExecutor)executor).QueueEntries);
        }

        mostEntries.Should().BeLessThanOrEqualTo(2 * 64 + live.Count + 2, "canceled entries are unlinked once they outnumber the live ones");
        executor.GetPoolState().Queued.Should().Be(live.Count);
        gate.SetResult();
        (await Task.WhenAll(live).Within()).Should().Equal(Enumerable.Range(0, 10), "the live submissions keep their order");
        await running.Within();
        executor.GetStatistics().Canceled.Should().Be(20_000);
        await executor.ShutdownAsync().Within();
    }

    private IExecutor Create(string backend, int? maxWorkers)
    {
        var options = new ExecutorOptions { MaxWorkers = maxWorkers, TimeProvider = _clock };
        return backend switch
        {
            "threaded" => new ThreadedUnderTest().Create(options),
            "dedicated" => new DedicatedUnderTest().Create(options),
            "cooperative" => _cooperative.Create(options),
            _ => SynchronousExecutor.Create(options),
        };
    }
}
