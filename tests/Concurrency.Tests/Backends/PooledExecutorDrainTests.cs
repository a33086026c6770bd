using System.Collections.Concurrent;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Backends;

/// <summary>
/// The engine's end, stepped by hand: a backend whose work runs only when the test says, so the moment the executor
/// ends can be checked against the Tasks it handed out without any timing.
/// </summary>
public sealed class PooledExecutorDrainTests
{
    [Fact]
    public async Task OnDrained_LastItemFinishesDuringShutdown_ItsTaskIsAlreadyCompleted()
    {
        var executor = new SteppedExecutor(maxWorkers: 1);
        var last = executor.SubmitTracked(_ => 7);
        var waiting = executor.ShutdownAsync();

        executor.RunNext();

        executor.TasksCompletedWhenDrained.Should().BeTrue("the executor ends only after the last item's Task is complete");
        await waiting.Within();
        (await last.Within()).Should().Be(7);
    }

    [Fact]
    public async Task OnDrained_ItemThatCouldNotRunFailsDuringShutdown_ItsTaskIsAlreadyFaulted()
    {
        var executor = new SteppedExecutor(maxWorkers: 1);
        var unrun = executor.SubmitTracked(_ => 7);
        var waiting = executor.ShutdownAsync();

        executor.FailNext(new InvalidOperationException("no thread"));

        executor.TasksCompletedWhenDrained.Should().BeTrue("the executor ends only after the failed item's Task is complete");
        await waiting.Within();
        await unrun.Awaiting(task => task.Within()).Should().ThrowAsync<InvalidOperationException>().WithMessage("no thread");
    }

    [Fact]
    public async Task OnDrained_QueuedItemsHandedOverDuringShutdown_EndsAfterEveryTaskIsCompleted()
    {
        var executor = new SteppedExecutor(maxWorkers: 1);
        var submitted = Enumerable.Range(0, 3).Select(value => executor.SubmitTracked(_ => value)).ToList();
        var waiting = executor.ShutdownAsync();

        executor.RunNext();
        executor.RunNext();
        waiting.IsCompleted.Should().BeFalse("one submission has not run yet");
        executor.RunNext();

        executor.TasksCompletedWhenDrained.Should().BeTrue();
        await waiting.Within();
        (await Task.WhenAll(submitted).Within()).Should().Equal(0, 1, 2);
    }

    /// <summary>Runs started work only when <see cref="RunNext"/> is called, and records what was complete when it drained.</summary>
    private sealed class SteppedExecutor(int maxWorkers)
        : PooledExecutor("stepped", "stepped", nameof(SteppedExecutor), maxWorkers, maxWorkers, maxBacklog: null, new ExecutorOptions())
    {
        private readonly ConcurrentQueue<IStartedWork> _started = new();
        private readonly List<Task> _handedOut = [];

        public bool? TasksCompletedWhenDrained { get; private set; }

        public Task<int> SubmitTracked(Func<CancellationToken, int> work)
        {
            var task = ((IExecutor)this).Submit(work);
            _handedOut.Add(task);
            return task;
        }

        public void RunNext()
        {
            _started.TryDequeue(out var work).Should().BeTrue("a started item waits to run");
            work!.Run().Should().BeTrue("synchronous work ends when it returns");
            Finish(work);
        }

        public void FailNext(Exception error)
        {
            _started.TryDequeue(out var work).Should().BeTrue("a started item waits to run");
            Fail(work!, error).Should().BeNull("nothing else was submitted");
        }

        protected override void Start(IStartedWork work) => _started.Enqueue(work);

        protected override (int Workers, int Idle) CountWorkers(int inFlight) => (1, inFlight == 0 ? 1 : 0);

        protected override void OnDrained()
        {
            TasksCompletedWhenDrained = _handedOut.TrueForAll(task => task.IsCompleted);
            SignalTerminated();
        }
    }
}
