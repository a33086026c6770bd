using System.Collections.Concurrent;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Concurrency.Testing;

namespace Concurrency.Tests.Cooperative;

public sealed class CooperativeLoopTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly RecordingLoggerProvider _logs;
    private readonly CooperativeLoop _loop;
    private readonly IExecutor _executor;

    public CooperativeLoopTests()
    {
        _loggerFactory = RecordingLoggerProvider.CreateFactory(out _logs);
        _loop = new CooperativeLoop(new CooperativeLoopOptions
        {
            Name = "test-loop",
            TimeProvider = _clock,
            LoggerFactory = _loggerFactory,
            SlowSliceThreshold = TimeSpan.FromMilliseconds(100),
        });
        _executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "coop", Loop = _loop });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        await _loop.DisposeAsync().AsTask().Within();
        _loggerFactory.Dispose();
    }

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task SubmitAsync_WorkAndItsContinuations_AllRunOnTheLoopThread()
    {
        var gate = NewGate();
        var threads = new ConcurrentBag<string?>();

        Task work = _executor.Submit(async _ =>
        {
            threads.Add(Thread.CurrentThread.Name);
            await gate.Task;
            threads.Add(Thread.CurrentThread.Name);
            await Task.Yield();
            threads.Add(Thread.CurrentThread.Name);
        });
        gate.SetResult();
        await work.Within();

        threads.Should().HaveCount(3).And.OnlyContain(name => name == "test-loop");
    }

    [Fact]
    public async Task Submit_ManyFromOneThread_RunInFifoOrder()
    {
        var order = new ConcurrentQueue<int>();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _executor.Submit(_ => order.Enqueue(i)))).Within();

        order.Should().Equal(Enumerable.Range(0, 200));
    }

    [Fact]
    public async Task Submit_BlockingCallOnTheLoop_BlocksEveryOtherCooperativeTask()
    {
        using var release = new ManualResetEventSlim();
        var blockingStarted = NewGate();
        bool released = false;
        Task blocking = _executor.Submit(_ =>
        {
            blockingStarted.SetResult();
            release.Wait();
        });
        await blockingStarted.Task.Within();

        Task<bool> other = _executor.Submit(_ => Volatile.Read(ref released));
        Volatile.Write(ref released, true);
        release.Set();

        (await other.Within()).Should().BeTrue("the second task could only run once the blocking call returned");
        await blocking.Within();
    }

    [Fact]
    public async Task OffloadRunAsync_OnTheLoop_RunsOnANativeThreadAndResumesOnTheLoopWhileOthersRun()
    {
        using var release = new ManualResetEventSlim();
        var offloadStarted = NewGate();
        Task<(string? Blocking, string? Resumed)> offloading = _executor.Submit(async ct =>
        {
            string? blockingThread = await Offload.RunAsync(_ =>
            {
                offloadStarted.SetResult();
                release.Wait();
                return Thread.CurrentThread.Name;
            });
            return (blockingThread, Thread.CurrentThread.Name);
        });
        await offloadStarted.Task.Within();

        (await _executor.Submit(_ => Thread.CurrentThread.Name).Within()).Should().Be("test-loop", "the loop is free while the call is offloaded");
        release.Set();
        var (blocking, resumed) = await offloading.Within();

        blocking.Should().StartWith("test-loop.offload-");
        resumed.Should().Be("test-loop");
        _loop.OffloadExecutor.GetStatistics().Executed.Should().Be(1);
    }

    [Fact]
    public async Task OffloadRunAsync_OffTheLoop_RunsInlineOnTheCallingThread()
    {
        int caller = Environment.CurrentManagedThreadId;

        int ran = await Offload.RunAsync(_ => Environment.CurrentManagedThreadId).Within();
        Func<Task> failing = () => Offload.RunAsync(_ => throw new TimeoutException("db")).Within();

        ran.Should().Be(caller);
        await failing.Should().ThrowAsync<TimeoutException>();
    }

    [Fact]
    public async Task Yield_TwoLongTasks_InterleaveTheirSteps()
    {
        var steps = new ConcurrentQueue<string>();
        var bothQueued = NewGate();
        Func<string, Task> stepper = async name =>
        {
            await bothQueued.Task;
            for (int i = 0; i < 3; i++)
            {
                steps.Enqueue($"{name}{i}");
                await CooperativeLoop.Yield();
            }
        };
        Task a = _executor.Submit(() => stepper("a"));
        Task b = _executor.Submit(() => stepper("b"));
        await _executor.Submit(async () =>
        {
            bothQueued.SetResult();
            await Task.CompletedTask;
        }).Within();

        await Task.WhenAll(a, b).Within();

        steps.Should().Equal("a0", "b0", "a1", "b1", "a2", "b2");
    }

    [Fact]
    public async Task Post_CallbackThrows_IsReportedAndTheLoopKeepsRunning()
    {
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop.UnhandledException += (_, e) => reported.TrySetResult((Exception)e.ExceptionObject);

        await _executor.Submit(_ => FireAndForget()).Within();

        (await reported.Task.Within()).Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("async void failed");
        (await _executor.Submit(_ => 7).Within()).Should().Be(7);
        _loop.UnhandledExceptions.Should().Be(1);
        _logs.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains("test-loop") && e.Exception is InvalidOperationException);

        static async void FireAndForget()
        {
            await Task.Yield();
            throw new InvalidOperationException("async void failed");
        }
    }

    [Fact]
    public async Task Submit_WorkFaultsWhileOtherWorkIsPending_ItsTaskFaultsAtOnce()
    {
        var never = NewGate();
        Task pending = _executor.Submit(() => never.Task);

        Func<Task> failing = () => _executor.Submit<int>(_ => throw new FormatException()).Within();

        await failing.Should().ThrowAsync<FormatException>();
        pending.IsCompleted.Should().BeFalse();
        never.SetResult();
        await pending.Within();
    }

    [Fact]
    public async Task Submit_UnawaitedSiblingTask_ItsContinuationStillRunsOnTheLoopAfterTheParentEnded()
    {
        var gate = NewGate();
        var siblingRan = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

        await _executor.Submit(ct => { _ = Sibling(); }).Within();
        gate.SetResult();

        (await siblingRan.Task.Within()).Should().Be("test-loop");

        async Task Sibling()
        {
            await gate.Task;
            siblingRan.SetResult(Thread.CurrentThread.Name);
        }
    }

    [Fact]
    public async Task Post_AfterTheLoopStopped_RunsOnThePoolAndIsCountedNotDropped()
    {
        var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "short-lived", LoggerFactory = _loggerFactory });
        var context = loop.SynchronizationContext;
        await loop.DisposeAsync().AsTask().Within();
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        context.Post(_ => ran.SetResult(Thread.CurrentThread.IsThreadPoolThread), null);

        (await ran.Task.Within()).Should().BeTrue();
        loop.LateCallbacks.Should().Be(1);
        _logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("after it stopped"));
    }

    [Fact]
    public async Task Watchdog_SliceOverThreshold_ReportsWorkLoopAndDurationOnce()
    {
        await _executor.Submit(_ => _clock.Advance(TimeSpan.FromMilliseconds(50))).Within();
        _loop.SlowSlices.Should().Be(0);

        await _executor.Submit(SlowWork).Within();

        _loop.SlowSlices.Should().Be(1);

        // The slice's end is logged as the loop leaves it, which may be just after the work's Task completed.
        await Eventually.Until(() => _logs.Entries.Any(e => e.Message.Contains("250.0 ms")), "the report at the slice's end gives its full duration");
        var reports = _logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Message.Contains(nameof(SlowWork))).ToList();
        reports.Should().NotBeEmpty();
        reports.Should().OnlyContain(e => e.Message.Contains("executor 'coop'") && e.Message.Contains("test-loop"));
        reports.Should().Contain(e => e.Message.Contains("250.0 ms"), "the report at the slice's end gives its full duration");
    }

    [Fact]
    public async Task Watchdog_SliceOverThresholdBetweenTimerTicks_ReportsAtItsEndWithTheOffloadHint()
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions
        {
            Name = "untimed",
            TimeProvider = new TickingTimeProvider(TimeSpan.FromMilliseconds(150)),
            LoggerFactory = _loggerFactory,
        });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "ticked", Loop = loop });

        await executor.Submit(_ => 1).Within();

        // The slice is timed and reported as the loop leaves it, which may be just after the work's Task completed.
        await Eventually.Until(() => loop.SlowSlices == 1 && _logs.Entries.Any(e => e.EventId.Id == 4), "the slice is reported as it ends");
        _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 4).Which.Message
            .Should().Contain("executor 'ticked'").And.Contain("untimed").And.Contain("150.0 ms").And.Contain("Offload.RunAsync");
    }

    /// <summary>A clock whose every reading is a fixed step after the last, and whose timers never fire.</summary>
    private sealed class TickingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _now, step.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new ManualTimeProvider().CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void SlowWork(CancellationToken cancellationToken) => _clock.Advance(TimeSpan.FromMilliseconds(250));

    [Fact]
    public async Task Watchdog_SyncOverAsyncWaitOnTheLoop_IsReportedLoudlyAsPossibleDeadlock()
    {
        var escape = NewGate();
        var blocked = NewGate();
        Task waiting = _executor.Submit(_ =>
        {
            Task child = _executor.Submit(_ => 1);
            blocked.SetResult();
            Task.WhenAny(child, escape.Task).Wait();
        });
        await blocked.Task.Within();

        _clock.Advance(TimeSpan.FromMilliseconds(200));

        _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 6).Which.Message
            .Should().Contain("sync-over-async").And.Contain("1 ready item(s)");
        _loop.SlowSlices.Should().Be(1);
        escape.SetResult();
        await waiting.Within();
        _loop.SlowSlices.Should().Be(1, "the same slice is counted once");

        // The slice's end is logged as the loop leaves it, which may be just after the work's Task completed.
        await Eventually.Until(() => _logs.Entries.Any(e => e.EventId.Id == 7), "the stuck slice's end is reported");
    }

    [Fact]
    public async Task Watchdog_WaitForWorkPostedRightAfterInTheSameBatch_IsReportedAsPossibleDeadlock()
    {
        var blocker = NewGate();
        var escape = NewGate();
        var waiterRunning = NewGate();
        var first = Task.Factory.StartNew(() => blocker.Task.Wait(), CancellationToken.None, TaskCreationOptions.None, _loop.Scheduler);
        var waitedFor = NewGate();
        var waiter = Task.Factory.StartNew(
            () =>
            {
                waiterRunning.SetResult();
                Task.WhenAny(waitedFor.Task, escape.Task).Wait();
            },
            CancellationToken.None,
            TaskCreationOptions.None,
            _loop.Scheduler);
        var posted = Task.Factory.StartNew(() => waitedFor.SetResult(), CancellationToken.None, TaskCreationOptions.None, _loop.Scheduler);

        // The loop takes the waiter and the item it waits for into one batch once the blocker ends.
        blocker.SetResult();
        await first.Within();
        await waiterRunning.Task.Within();
        _clock.Advance(TimeSpan.FromMilliseconds(200));

        _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 6).Which.Message.Should().Contain("1 ready item(s)");
        escape.SetResult();
        await Task.WhenAll(waiter, posted).Within();
    }

    [Fact]
    public async Task Offload_EveryThreadHeld_IsReportedAsAStarvedPoolNamedAfterTheLoop()
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions
        {
            Name = "offloading-loop",
            OffloadWorkers = 2,
            TimeProvider = _clock,
            LoggerFactory = _loggerFactory,
            OffloadStarvationThreshold = TimeSpan.FromSeconds(10),
        });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "offloader", Loop = loop });
        using var release = new ManualResetEventSlim();
        var bothHeld = NewGate();
        int started = 0;
        var calls = Enumerable.Range(0, 3)
            .Select(_ => executor.Submit(ct => Offload.RunAsync(_ =>
            {
                if (Interlocked.Increment(ref started) == 2)
                {
                    bothHeld.SetResult();
                }

                release.Wait();
            })))
            .ToList();
        await bothHeld.Task.Within();
        await WaitForQueuedOffloadAsync(loop);

        _clock.Advance(TimeSpan.FromSeconds(10));

        _logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("The offloading-loop.offload pool is starved"));
        release.Set();
        await Task.WhenAll(calls).Within();
    }

    // The third call reaches the offload pool once the loop has run its submission; the pool's state says when.
    private static async Task WaitForQueuedOffloadAsync(CooperativeLoop loop)
    {
        var ceiling = DateTime.UtcNow + TestTimeouts.Ceiling;
        while (loop.OffloadExecutor.GetPoolState().Queued == 0)
        {
            DateTime.UtcNow.Should().BeBefore(ceiling, "the third offloaded call must queue");
            await Task.Yield();
        }
    }

    [Fact]
    public async Task ShuffleMode_SameSeed_ReproducesTheSameNonFifoOrder()
    {
        var first = await RunShuffledAsync(seed: 1234);
        var second = await RunShuffledAsync(seed: 1234);

        first.Should().Equal(second);
        first.Should().NotEqual(Enumerable.Range(0, 50));
        first.Should().BeEquivalentTo(Enumerable.Range(0, 50));
    }

    private async Task<List<int>> RunShuffledAsync(int seed)
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "shuffled", ShuffleSeed = seed, LoggerFactory = _loggerFactory });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Loop = loop });
        var order = new List<int>();
        var start = NewGate();
        var tasks = new List<Task>();
        await executor.Submit(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                int index = i;
                tasks.Add(executor.Submit(_ => order.Add(index)));
            }

            await Task.CompletedTask;
        }).Within();
        await Task.WhenAll(tasks).Within();
        loop.ShuffleSeed.Should().Be(seed);
        _logs.Entries.Should().Contain(e => e.Message.Contains($"seed {seed}"));
        return order;
    }

    [Fact]
    public async Task DisposeAsync_FromTheLoopThread_ThrowsInsteadOfWaitingForItself()
    {
        Func<Task> disposing = () => _executor.Submit(async () => await _loop.DisposeAsync()).Within();

        await disposing.Should().ThrowAsync<InvalidOperationException>().WithMessage("*cannot be disposed from its own thread*");
    }

    [Fact]
    public async Task DefaultLoop_CannotBeDisposedAndRunsTheDefaultBackend()
    {
        await using var executor = ConcurrencyBackend.Get(ConcurrencyBackend.Cooperative).CreateExecutor();

        (await executor.Submit(_ => Thread.CurrentThread.Name).Within()).Should().Be("cooperative-hub");
        executor.MaxWorkers.Should().Be(1000);
        Func<Task> disposing = () => CooperativeLoop.Default.DisposeAsync().AsTask();
        await disposing.Should().ThrowAsync<InvalidOperationException>().WithMessage("*lives as long as the process*");
    }

    [Fact]
    public async Task Scheduler_TasksStartedOnIt_RunOneAtATimeOnTheLoop()
    {
        var names = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Factory.StartNew(() => Thread.CurrentThread.Name, CancellationToken.None, TaskCreationOptions.None, _loop.Scheduler))).Within();

        names.Should().OnlyContain(name => name == "test-loop");
        _loop.Scheduler.MaximumConcurrencyLevel.Should().Be(1);
    }

    [Fact]
    public void Send_FromAnotherThread_RunsOnTheLoopAndRethrows()
    {
        string? ranOn = null;
        _loop.SynchronizationContext.Send(_ => ranOn = Thread.CurrentThread.Name, null);

        ranOn.Should().Be("test-loop");
        FluentActions.Invoking(() => _loop.SynchronizationContext.Send(_ => throw new ArithmeticException(), null))
            .Should().Throw<ArithmeticException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Options_BadValues_ThrowNamingValueAndWhatIsAccepted(int value)
    {
        FluentActions.Invoking(() => new CooperativeLoopOptions { OffloadWorkers = value })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*OffloadWorkers {value} is not accepted*1 to 32767*");
        FluentActions.Invoking(() => new CooperativeLoopOptions { SlowSliceThreshold = TimeSpan.FromMilliseconds(value) })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*SlowSliceThreshold*is not accepted*positive duration*InfiniteTimeSpan*");
        FluentActions.Invoking(() => new CooperativeLoopOptions { Name = " " })
            .Should().Throw<ArgumentException>().WithMessage("*Loop name ' ' is not accepted*");
    }

    [Fact]
    public async Task CooperativeExecutorCreate_WhileTheLoopIsDisposing_IsRefusedAndTheDisposalCompletes()
    {
        var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "disposing-loop" });
        var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "busy", Loop = loop });
        var gate = NewGate();
        var running = executor.Submit(_ => gate.Task);

        var disposing = loop.DisposeAsync().AsTask();
        var refused = FluentActions.Invoking(() => CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "late", Loop = loop }));

        refused.Should().Throw<InvalidOperationException>().WithMessage("Cooperative loop 'disposing-loop' is disposing and accepts no new executors*");
        gate.SetResult();
        await running.Within();
        await disposing.Within();
    }
}
