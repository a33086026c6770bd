using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Microsoft.Extensions.Logging;
using Concurrency.Testing;

namespace Concurrency.Tests.Reliability;

/// <summary>
/// Nova's production deadlock, reproduced: parents fill the pool, then wait for children submitted to the same pool.
/// The library reports it when the child queues (naming the pool, the child and what holds the workers), and the
/// starvation check reports the waiting child once it has waited past the threshold. The test then lets the parents go.
/// </summary>
public abstract class StarvationAndDeadlockTests(BackendUnderTest backend, bool blockingParents) : IAsyncLifetime
{
    private readonly RecordingLoggerProvider _logs = new();
    private readonly ManualTimeProvider _clock = new();
    private ILoggerFactory _logging = null!;

    public Task InitializeAsync()
    {
        _logging = _logs.CreateFactory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await backend.StopAsync();
        _logging.Dispose();
    }

    [Fact]
    public async Task ParentsWaitForChildrenOnTheSamePool_TheDeadlockAndTheStarvationAreReported()
    {
        var executor = backend.Create(new ExecutorOptions
        {
            Name = "nova.default",
            PoolName = "default",
            MaxWorkers = 2,
            LoggerFactory = _logging,
            StarvationThreshold = TimeSpan.FromSeconds(5),
            TimeProvider = _clock,
        });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var childrenQueued = new CountdownEvent(2);
        using var parentsRunning = new CountdownEvent(2);
        var children = new Task<int>[2];

        Task[] SubmitParents() => [.. Enumerable.Range(0, 2).Select(index => blockingParents
            ? executor.Submit(_ => BlockingParent(executor, children, index, parentsRunning, childrenQueued, release.Task))
            : executor.Submit(_ => AsyncParent(executor, children, index, childrenQueued, release.Task)))];

        // On the loop both parents are submitted within one slice, so both hold their slots before either runs.
        var parents = backend is CooperativeUnderTest cooperative
            ? await Task.Factory.StartNew(SubmitParents, CancellationToken.None, TaskCreationOptions.None, cooperative.Loop.Scheduler).Within()
            : SubmitParents();
        await Task.Run(() => childrenQueued.Wait(TestTimeouts.Ceiling)).Within();

        var deadlocks = _logs.Entries.Where(entry => entry.EventId.Id == 204).ToList();
        deadlocks.Should().HaveCount(2);
        deadlocks[0].Message.Should().StartWith("Possible deadlock in the default pool: work running on it submitted")
            .And.Contain(nameof(Child)).And.Contain("all 2 workers are busy");
        ((PooledExecutor)executor).Monitor.DeadlockWarnings.Should().Be(2);

        _clock.Advance(TimeSpan.FromSeconds(5));
        var starved = _logs.Entries.Where(entry => entry.EventId.Id == 205).Should().ContainSingle().Which;
        starved.Message.Should().StartWith("The default pool is starved: work has waited 5.0 s (2 queued) while all 2 workers are busy with:");
        if (blockingParents)
        {
            starved.Message.Should().Contain(nameof(ParentsWaitForChildrenOnTheSamePool_TheDeadlockAndTheStarvationAreReported)).And.EndWith(" x2", "both workers are held by the same parent work");
        }

        release.SetResult();
        await Task.WhenAll(parents).Within();
        (await Task.WhenAll(children).Within()).Should().Equal(42, 42);
        await executor.ShutdownAsync().Within();
    }

    private static int Child(CancellationToken cancellationToken) => 42;

    // Nova's pattern: a thread blocks until its child is done (here, until the test lets it go).
    private static void BlockingParent(IExecutor executor, Task<int>[] children, int index, CountdownEvent running, CountdownEvent queued, Task release)
    {
        // Both parents hold their workers before either submits, as when a burst of parents fills the pool.
        running.Signal();
        running.Wait(TestTimeouts.Ceiling);
        children[index] = executor.Submit(Child);
        queued.Signal();
        Task.WaitAny(children[index], release);
    }

    private static async Task AsyncParent(IExecutor executor, Task<int>[] children, int index, CountdownEvent queued, Task release)
    {
        children[index] = executor.Submit(Child);
        queued.Signal();
        await Task.WhenAny(children[index], release);
    }
}

public sealed class ThreadedStarvationAndDeadlockTests() : StarvationAndDeadlockTests(new ThreadedUnderTest(), blockingParents: true);

public sealed class DotNetPoolStarvationAndDeadlockTests() : StarvationAndDeadlockTests(new DotNetPoolUnderTest(), blockingParents: true);

public sealed class CooperativeStarvationAndDeadlockTests() : StarvationAndDeadlockTests(new CooperativeUnderTest("deadlock-loop"), blockingParents: false);
