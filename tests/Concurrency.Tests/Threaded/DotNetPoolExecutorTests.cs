using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Threaded;

/// <summary>The threaded backend on the .NET pool's threads: where work runs and what it does to the pool's minimum.</summary>
public sealed class DotNetPoolExecutorTests
{
    private static IExecutor Create(int maxWorkers, string name = "pool") =>
        ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = name, MaxWorkers = maxWorkers, Threads = ExecutorThreads.DotNetPool });

    [Fact]
    public async Task Submit_Work_RunsOnADotNetPoolThreadAndReportsTheExecutorsName()
    {
        await using var executor = Create(maxWorkers: 2, name: "cells");

        bool isPoolThread = await executor.Submit(_ => Thread.CurrentThread.IsThreadPoolThread).Within();

        isPoolThread.Should().BeTrue("the work runs on the .NET pool's threads");
        executor.Name.Should().Be("cells");
        executor.Backend.Should().Be(ConcurrencyBackend.Threaded);
    }

    [Fact]
    public async Task Submit_WorkThatRenamesItsThread_GivesTheThreadBackAsItCame()
    {
        await using var executor = Create(maxWorkers: 1);

        var (renamed, after) = await executor.Submit(_ =>
        {
            var thread = Thread.CurrentThread;
            string? before = thread.Name;
            thread.Name = "renamed by the work";
            thread.Priority = ThreadPriority.BelowNormal;
            thread.IsBackground = false;
            return (thread, before);
        }).ContinueWith(task => (task.Result.thread, task.Result.before), TaskScheduler.Default).Within();

        renamed.IsBackground.Should().BeTrue("a .NET pool thread goes back to the pool as a background thread");
        renamed.Priority.Should().Be(ThreadPriority.Normal);
        renamed.Name.Should().Be(after);
    }

    [Fact]
    public async Task DescribeBusyWorkers_WorkRunning_NamesTheWork()
    {
        await using var executor = Create(maxWorkers: 2);
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var running = executor.Submit(_ => HoldsAWorker(started, release));
        started.Wait(TestTimeouts.Ceiling).Should().BeTrue();

        string busy = ((PooledExecutor)executor).DescribeBusyWorkers();
        var state = executor.GetPoolState();

        release.Set();
        await running.Within();
        busy.Should().Contain(nameof(DescribeBusyWorkers_WorkRunning_NamesTheWork), "the work running names where it comes from");
        (state.Workers, state.BusyWorkers).Should().Be((1, 1));
    }

    [Fact]
    public void Create_DotNetPoolWithMinWorkers_ThrowsNamingTheValueAndTheFix()
    {
        var create = () => ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { MaxWorkers = 4, MinWorkers = 2, Threads = ExecutorThreads.DotNetPool });

        create.Should().Throw<ArgumentException>().WithMessage("MinWorkers 2 is not accepted with Threads DotNetPool*leave MinWorkers at 0*");
    }

    [Fact]
    public void Constructor_FromThreadPoolExecutorOptions_CopiesItsOwnSettingsToo()
    {
        var original = new ThreadPoolExecutorOptions { Name = "cells", MaxWorkers = 9, MinWorkers = 2, IdleTimeout = TimeSpan.FromSeconds(5), Threads = ExecutorThreads.DotNetPool };

        var copy = new ThreadPoolExecutorOptions(original);

        (copy.Name, copy.MaxWorkers, copy.MinWorkers, copy.IdleTimeout, copy.Threads).Should().Be(("cells", 9, 2, TimeSpan.FromSeconds(5), ExecutorThreads.DotNetPool));
    }

    [Fact]
    public void Threads_UndefinedValue_ThrowsNamingTheValueAndTheAcceptedOnes()
    {
        var set = () => new ThreadPoolExecutorOptions { Threads = (ExecutorThreads)7 };

        set.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Threads 7 is not accepted: use Dedicated or DotNetPool.*");
    }

    private static bool HoldsAWorker(ManualResetEventSlim started, ManualResetEventSlim release)
    {
        started.Set();
        return release.Wait(TestTimeouts.Ceiling);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DotNetPoolMinimum
{
    public const string Name = "The .NET pool's minimum threads";
}

/// <summary>Changes and reads the process's .NET pool minimum, so it runs alone.</summary>
[Collection(DotNetPoolMinimum.Name)]
public sealed class DotNetPoolReservationTests
{
    [Fact]
    public async Task Submit_MoreInFlightThanProcessors_RaisesTheMinimumByTheWorkerLimitOnceUntilTheExecutorEnds()
    {
        ThreadPool.GetMinThreads(out int before, out int ioBefore);
        var executor = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { MaxWorkers = 37 });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new List<Task>();
        for (int i = 0; i < Environment.ProcessorCount; i++)
        {
            held.Add(executor.Submit(_ => release.Task));
        }

        ThreadPool.GetMinThreads(out int atProcessors, out _);
        held.Add(executor.Submit(_ => release.Task));
        held.Add(executor.Submit(_ => release.Task));
        ThreadPool.GetMinThreads(out int beyond, out int ioBeyond);
        release.SetResult();
        await Task.WhenAll(held).Within();
        await executor.ShutdownAsync().Within();
        ThreadPool.GetMinThreads(out int after, out _);

        atProcessors.Should().Be(before, "work that does not outnumber the processors needs no more threads awake");
        beyond.Should().Be(before + 37, "raised once, by the worker limit");
        ioBeyond.Should().Be(ioBefore, "only worker threads run the items");
        after.Should().Be(before);
    }

    [Fact]
    public async Task Submit_MoreBlockingItemsThanTheMinimumBefore_StartsEveryOneAtOnce()
    {
        ThreadPool.GetMinThreads(out int minimum, out _);
        int workers = minimum + 64;
        await using var executor = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { MaxWorkers = workers, Threads = ExecutorThreads.DotNetPool });
        using var allStarted = new CountdownEvent(workers);
        using var release = new ManualResetEventSlim();

        // Without the raised minimum the pool would add a thread about every half second beyond the old one.
        var items = Enumerable.Range(0, workers).Select(_ => executor.Submit(_ =>
        {
            allStarted.Signal();
            return release.Wait(TestTimeouts.Ceiling);
        })).ToList();
        bool started = allStarted.Wait(TimeSpan.FromSeconds(15));
        release.Set();

        started.Should().BeTrue($"{workers} blocking items should all hold a thread at once; {allStarted.CurrentCount} never started");
        (await Task.WhenAll(items).Within()).Should().AllSatisfy(released => released.Should().BeTrue());
    }
}
