using System.Collections.Concurrent;
using Concurrency.Tests.Infrastructure;
using Concurrency.Testing;

namespace Concurrency.Tests.Threaded;

public sealed class ThreadPoolExecutorTests
{
    private readonly ManualTimeProvider _clock = new();

    private IExecutor Create(int maxWorkers, int minWorkers = 0, TimeSpan? idleTimeout = null, string name = "pool") =>
        ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions
        {
            Threads = ExecutorThreads.Dedicated,
            Name = name,
            MaxWorkers = maxWorkers,
            MinWorkers = minWorkers,
            IdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(60),
            TimeProvider = _clock,
        });

    [Fact]
    public async Task Submit_Work_RunsOnDedicatedBackgroundThreadNamedAfterExecutor()
    {
        await using var executor = Create(maxWorkers: 2, name: "cells");

        var (name, isPoolThread, isBackground) = await executor.Submit(_ =>
            (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.IsBackground)).Within();

        name.Should().Be("cells-1");
        isPoolThread.Should().BeFalse("work runs on the executor's own threads, not the shared .NET pool");
        isBackground.Should().BeTrue();
    }

    [Fact]
    public async Task Submit_SequentialAwaitedWork_ReusesOneIdleWorker()
    {
        await using var executor = Create(maxWorkers: 8);

        var threads = new HashSet<int>();
        for (int i = 0; i < 200; i++)
        {
            threads.Add(await executor.Submit(_ => Environment.CurrentManagedThreadId).Within());
        }

        threads.Should().HaveCount(1);
        var state = executor.GetPoolState();
        state.Workers.Should().Be(1);
        state.IdleWorkers.Should().Be(1);
    }

    [Fact]
    public async Task Submit_TenBlockedTasks_GrowsToTenWorkersThenIdleOnesRetireDownToMinimum()
    {
        await using var executor = Create(maxWorkers: 16, minWorkers: 1, idleTimeout: TimeSpan.FromSeconds(10));
        using var allStarted = new CountdownEvent(10);
        using var release = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 10).Select(_ => executor.Submit(_ =>
        {
            allStarted.Signal();
            release.Wait();
        })).ToList();

        allStarted.Wait(TestTimeouts.Ceiling).Should().BeTrue();
        executor.GetPoolState().Workers.Should().Be(10);
        executor.GetPoolState().BusyWorkers.Should().Be(10);
        release.Set();
        await Task.WhenAll(tasks).Within();
        SpinWait.SpinUntil(() => executor.GetPoolState().IdleWorkers == 10, TestTimeouts.Ceiling).Should().BeTrue();

        _clock.Advance(TimeSpan.FromSeconds(9));
        executor.GetPoolState().Workers.Should().Be(10, "no worker has been idle for the timeout yet");
        _clock.Advance(TimeSpan.FromSeconds(6));

        SpinWait.SpinUntil(() => executor.GetPoolState().Workers == 1, TestTimeouts.Ceiling).Should().BeTrue($"nine idle workers retire ({executor.GetPoolState()})");
        executor.GetPoolState().IdleWorkers.Should().Be(1);
        (await executor.Submit(_ => 5).Within()).Should().Be(5);
        executor.GetPoolState().Workers.Should().Be(1);
    }

    [Fact]
    public async Task Submit_ManySubmittersWhileWorkersFinish_NeverRunsOnMoreThreadsThanMaxWorkers()
    {
        await using var executor = Create(maxWorkers: 3);
        var threads = new ConcurrentDictionary<int, bool>();
        int mostWorkers = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                await executor.Submit(_ => threads[Environment.CurrentManagedThreadId] = true);
                int workers = executor.GetPoolState().Workers;
                int seen;
                while ((seen = Volatile.Read(ref mostWorkers)) < workers && Interlocked.CompareExchange(ref mostWorkers, workers, seen) != seen)
                {
                }
            }
        }))).Within();

        threads.Count.Should().BeLessThanOrEqualTo(3, "a thread starts only while fewer than MaxWorkers exist, and none retired");
        mostWorkers.Should().BeLessThanOrEqualTo(3);
        executor.GetStatistics().Executed.Should().Be(8_000);
    }

    [Fact]
    public async Task Create_InfiniteIdleTimeout_KeepsWorkersAndStartsNoTimer()
    {
        await using var executor = Create(maxWorkers: 2, idleTimeout: Timeout.InfiniteTimeSpan);

        await executor.Submit(_ => 1).Within();
        _clock.Advance(TimeSpan.FromDays(1));

        _clock.ActiveTimers.Should().Be(0);
        executor.GetPoolState().Workers.Should().Be(1);
    }

    [Fact]
    public async Task Submit_WorkInterruptsItsOwnThread_WorkerSurvivesAndKeepsServing()
    {
        await using var executor = Create(maxWorkers: 1);

        await executor.Submit(_ => Thread.CurrentThread.Interrupt()).Within();
        var results = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            results.Add(await executor.Submit(_ => i).Within());
        }

        results.Should().Equal(0, 1, 2, 3, 4);
        executor.GetPoolState().Workers.Should().Be(1);
    }

    [Fact]
    public async Task Submit_EveryKindOfException_NeverKillsAWorker()
    {
        await using var executor = Create(maxWorkers: 1);
        Exception[] errors =
        [
            new InvalidOperationException(), new OutOfMemoryException(), new ThreadInterruptedException(),
            new StackOverflowException(), new OperationCanceledException(), new AggregateException(new InvalidCastException()),
        ];

        foreach (var error in errors)
        {
            Func<Task> run = () => executor.Submit(_ => throw error).Within();
            await run.Should().ThrowAsync<Exception>();
        }

        (await executor.Submit(_ => Environment.CurrentManagedThreadId).Within()).Should().BePositive();
        executor.GetPoolState().Workers.Should().Be(1);
        executor.GetStatistics().Failures.Should().Be(errors.Length);
    }

    [Fact]
    public async Task DisposeAsync_AfterWork_EveryWorkerThreadHasEnded()
    {
        var executor = Create(maxWorkers: 4);
        var threads = new ConcurrentDictionary<int, Thread>();
        using var barrier = new Barrier(4);
        var tasks = Enumerable.Range(0, 4).Select(_ => executor.Submit(_ =>
        {
            threads[Environment.CurrentManagedThreadId] = Thread.CurrentThread;
            barrier.SignalAndWait(TestTimeouts.Ceiling);
        })).ToList();
        await Task.WhenAll(tasks).Within();

        await executor.DisposeAsync();

        threads.Should().HaveCount(4);
        threads.Values.Should().OnlyContain(t => !t.IsAlive);
        executor.GetPoolState().Workers.Should().Be(0);
    }

    [Fact]
    public async Task ShutdownAsync_IdlePool_CompletesWithoutTheClockMoving()
    {
        var executor = Create(maxWorkers: 4);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => executor.Submit(_ => i))).Within();

        await executor.ShutdownAsync().Within();

        executor.GetPoolState().Workers.Should().Be(0);
        _clock.Elapsed.Should().Be(TimeSpan.Zero, "idle workers are woken at shutdown, not polled");
    }

    [Fact]
    public async Task SubmitAsync_AwaitingWork_HoldsItsSlotButNotAThread()
    {
        await using var executor = Create(maxWorkers: 2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task holding = executor.Submit(async _ =>
        {
            started.SetResult();
            await gate.Task;
        });
        await started.Task.Within();

        SpinWait.SpinUntil(() => executor.GetPoolState().IdleWorkers == 1, TestTimeouts.Ceiling).Should().BeTrue();
        var state = executor.GetPoolState();
        state.BusyWorkers.Should().Be(1);
        state.Workers.Should().Be(1);
        gate.SetResult();
        await holding.Within();
        executor.GetPoolState().BusyWorkers.Should().Be(0);
    }

    [Fact]
    public void DefaultMaxWorkers_IsProcessorCountTimesFive()
    {
        ThreadPoolExecutor.DefaultMaxWorkers.Should().Be(Environment.ProcessorCount * 5);
        ConcurrencyBackend.Get(ConcurrencyBackend.Threaded).DefaultMaxWorkers.Should().Be(Environment.ProcessorCount * 5);
    }

    [Fact]
    public void Create_MinWorkersAboveMaxWorkers_ThrowsNamingBothValues()
    {
        var options = new ThreadPoolExecutorOptions { MaxWorkers = 2, MinWorkers = 3 };

        FluentActions.Invoking(() => ThreadPoolExecutor.Create(options))
            .Should().Throw<ArgumentException>().WithMessage("*MinWorkers 3*MaxWorkers 2*between 0 and MaxWorkers*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ExecutorOptions.MaxWorkersLimit + 1)]
    public void MaxWorkers_OutOfRange_ThrowsNamingValueAndRange(int value)
    {
        FluentActions.Invoking(() => new ThreadPoolExecutorOptions { MaxWorkers = value })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*MaxWorkers {value} is not accepted*1 to 32767*");
    }

    [Fact]
    public void MinWorkers_Negative_ThrowsNamingValueAndRange()
    {
        FluentActions.Invoking(() => new ThreadPoolExecutorOptions { MinWorkers = -2 })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MinWorkers -2 is not accepted*0 to 32767*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void IdleTimeout_ZeroOrNegative_ThrowsNamingValueAndWhatIsAccepted(int seconds)
    {
        FluentActions.Invoking(() => new ThreadPoolExecutorOptions { IdleTimeout = TimeSpan.FromSeconds(seconds) })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*IdleTimeout*is not accepted*positive duration*InfiniteTimeSpan*");
    }

    [Fact]
    public void MaxBacklog_Negative_ThrowsNamingValue()
    {
        FluentActions.Invoking(() => new ExecutorOptions { MaxBacklog = -1 })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxBacklog -1 is not accepted*null for no limit*0 or more*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nname")]
    public void Name_EmptyOrControlCharacters_ThrowsNamingValue(string name)
    {
        FluentActions.Invoking(() => new ExecutorOptions { Name = name })
            .Should().Throw<ArgumentException>().WithMessage("*Executor name*is not accepted*");
    }

    [Fact]
    public void TimeProvider_Null_Throws()
    {
        FluentActions.Invoking(() => new ExecutorOptions { TimeProvider = null! })
            .Should().Throw<ArgumentNullException>().WithMessage("*TimeProvider cannot be null*");
    }

    [Fact]
    public async Task Submit_ThreadFailsToStartWithWorkQueued_ItsItemFailsAndTheQueuedWorkStartsOnTheFreedSlot()
    {
        var executor = Create(maxWorkers: 1);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int starts = 0;
        ((DedicatedThreadPool)executor).ThreadStarter = thread =>
        {
            if (Interlocked.Increment(ref starts) == 1)
            {
                entered.SetResult();
                release.Task.Wait();
                throw new OutOfMemoryException("no thread could be created");
            }

            thread.UnsafeStart();
        };

        var first = Task.Run(() => executor.Submit(_ => 1));
        await entered.Task.Within();
        var second = executor.Submit(_ => 2);
        var third = executor.Submit(_ => 3);
        executor.GetPoolState().Queued.Should().Be(2);
        release.SetResult();

        await FluentActions.Awaiting(() => first.Within()).Should().ThrowAsync<OutOfMemoryException>();
        (await second.Within()).Should().Be(2);
        (await third.Within()).Should().Be(3);
        var state = executor.GetPoolState();
        state.Workers.Should().Be(1, "the thread that never started left no worker behind");
        state.BusyWorkers.Should().Be(0);
        ((DedicatedThreadPool)executor).DescribeBusyWorkers().Should().BeEmpty();
        executor.GetStatistics().Failures.Should().Be(1);
        await executor.ShutdownAsync().Within();
    }
}
