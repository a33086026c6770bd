using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Tests.Reliability;

namespace Concurrency.Tests.Shutdown;

/// <summary>
/// Several <see cref="IExecutor.ShutdownAsync"/> calls at once, of any modes: each call's Task completes only after
/// every Task the executor accepted before it is completed and counted. Stepped first (a shutdown held at a known step
/// while another arrives), then under stress.
/// </summary>
// Alone, as the other stress tests: the unobserved-exception check is process-wide.
[Collection(Cells.ProcessWideStatistics.Name)]
public abstract class ConcurrentShutdownTests(BackendUnderTest backend) : IAsyncLifetime
{
    public static TheoryData<ShutdownMode, ShutdownMode> ModePairs => new()
    {
        { ShutdownMode.Drain, ShutdownMode.Drain },
        { ShutdownMode.Drain, ShutdownMode.CancelQueued },
        { ShutdownMode.CancelQueued, ShutdownMode.Drain },
        { ShutdownMode.CancelQueued, ShutdownMode.CancelQueued },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => backend.StopAsync();

    [Theory]
    [MemberData(nameof(ModePairs))]
    public async Task ShutdownAsync_SecondCallWhileTheFirstCancelsDelayedWork_CompletesOnlyAfterEveryDelayedTask(ShutdownMode first, ShutdownMode second)
    {
        var clock = new GatedTimeProvider();
        var executor = backend.Create(new ExecutorOptions { Name = "race-delayed", MaxWorkers = 1, TimeProvider = clock });
        var delayed = Enumerable.Range(0, 100).Select(i => executor.SubmitAfter(TimeSpan.FromMinutes(5), _ => i)).ToList();

        // The first shutdown closes the delayed queue, then stops at the gate before canceling its entries.
        var firstCall = Task.Run(() => executor.ShutdownAsync(first));
        await clock.DisposeReached.Within();
        var secondCall = executor.ShutdownAsync(second);
        var seenBySecond = secondCall.ContinueWith(_ => Seen(delayed, executor), TaskContinuationOptions.ExecuteSynchronously);

        secondCall.IsCompleted.Should().BeFalse("the first shutdown has not canceled the delayed submissions yet");
        delayed.Should().OnlyContain(task => !task.IsCompleted);
        clock.Open();
        await firstCall.Within();

        var (completed, canceled) = await seenBySecond.Within();
        completed.Should().Be(100, "every delayed Task was completed when the second shutdown returned");
        canceled.Should().Be(100, "and counted");
        delayed.Should().OnlyContain(task => task.IsCanceled);
    }

    [Theory]
    [MemberData(nameof(ModePairs))]
    public async Task ShutdownAsync_SecondCallWhileTheFirstIsHeldAndWorkRuns_BothWaitForTheRunningAndQueuedWork(ShutdownMode first, ShutdownMode second)
    {
        var clock = new GatedTimeProvider();
        var executor = backend.Create(new ExecutorOptions { Name = "race-running", MaxWorkers = 1, TimeProvider = clock });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = executor.Submit(async _ => { started.SetResult(); await release.Task; return -1; });
        await started.Task.Within();
        var queued = Enumerable.Range(0, 10).Select(i => executor.Submit(_ => i)).ToList();
        var delayed = executor.SubmitAfter(TimeSpan.FromMinutes(5), _ => 99);
        var accepted = queued.Append(running).Append(delayed).ToList();

        var firstCall = Task.Run(() => executor.ShutdownAsync(first));
        await clock.DisposeReached.Within();
        var secondCall = executor.ShutdownAsync(second);
        var seenBySecond = secondCall.ContinueWith(_ => Seen(accepted, executor), TaskContinuationOptions.ExecuteSynchronously);
        clock.Open();
        var seenByFirst = firstCall.ContinueWith(_ => Seen(accepted, executor), TaskContinuationOptions.ExecuteSynchronously);

        secondCall.IsCompleted.Should().BeFalse("a submission is still running");
        firstCall.IsCompleted.Should().BeFalse("a submission is still running");
        release.SetResult();

        (await seenByFirst.Within()).Completed.Should().Be(accepted.Count);
        (await seenBySecond.Within()).Completed.Should().Be(accepted.Count);
        var statistics = executor.GetStatistics();
        (statistics.Executed + statistics.Canceled).Should().Be(accepted.Count, "every accepted submission ran or was canceled, and was counted");
        delayed.IsCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task ShutdownAsync_ManyConcurrentCallsOfMixedModes_EachReturnsOnlyAfterEveryAcceptedTaskIsCountedAndComplete()
    {
        using var unobserved = new UnobservedExceptions();
        var random = new Random(29);
        for (int round = 0; round < 40; round++)
        {
            var executor = backend.Create(new ExecutorOptions { Name = $"race{round}", MaxWorkers = 2 });
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var accepted = new List<Task>();
            accepted.AddRange(Enumerable.Range(0, 2).Select(_ => executor.Submit(async _ => { await release.Task; return 0; })));
            accepted.AddRange(Enumerable.Range(0, 200).Select(i => executor.Submit(_ => i)));
            accepted.AddRange(Enumerable.Range(0, 2_000).Select(i => executor.SubmitAfter(TimeSpan.FromMinutes(5), _ => i)));
            var modes = Enumerable.Range(0, 2 + (round % 3)).Select(_ => random.Next(2) == 0 ? ShutdownMode.Drain : ShutdownMode.CancelQueued).ToList();

            using var start = new Barrier(modes.Count + 1);
            var calls = modes.Select(mode => Task.Run(() =>
            {
                start.SignalAndWait(TestTimeouts.Ceiling);
                var call = executor.ShutdownAsync(mode);
                return call.ContinueWith(_ => Seen(accepted, executor), TaskContinuationOptions.ExecuteSynchronously);
            })).ToList();
            start.SignalAndWait(TestTimeouts.Ceiling);
            release.SetResult();

            foreach (var (completed, counted) in await Task.WhenAll(calls).Within())
            {
                completed.Should().Be(accepted.Count, $"round {round}: a shutdown ({string.Join(", ", modes)}) returned with Tasks still pending");
                counted.Should().Be(accepted.Count, $"round {round}: a shutdown returned before every Task was counted");
            }
        }

        unobserved.CollectAndRead().Should().BeEmpty();
    }

    private static (int Completed, long Counted) Seen(IReadOnlyCollection<Task> tasks, IExecutor executor)
    {
        var statistics = executor.GetStatistics();
        return (tasks.Count(task => task.IsCompleted), statistics.Executed + statistics.Canceled);
    }
}

public sealed class ThreadedConcurrentShutdownTests() : ConcurrentShutdownTests(new ThreadedUnderTest());

public sealed class DotNetPoolConcurrentShutdownTests() : ConcurrentShutdownTests(new DotNetPoolUnderTest());

public sealed class CooperativeConcurrentShutdownTests() : ConcurrentShutdownTests(new CooperativeUnderTest("shutdown-race-loop"));
