using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Concurrency.Cells;

namespace Concurrency.Benchmarks;

/// <summary>
/// The workloads both modes run: the BenchmarkDotNet suite times them with its statistics, the quick mode with a
/// stopwatch. One definition, so the two modes measure the same things.
/// </summary>
internal static class Workloads
{
    public const int Workers = 8;

    public static async Task SubmitAndAwaitAsync(Func<Task> submit, Task[] tasks)
    {
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = submit();
        }

        await Task.WhenAll(tasks);
    }

    public static Task TaskRunAsync(Task[] tasks) => SubmitAndAwaitAsync(static () => Task.Run(static () => { }), tasks);

    public static async Task ActionBlockAsync(int count)
    {
        var block = new ActionBlock<int>(static _ => { }, new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = Workers });
        for (int i = 0; i < count; i++)
        {
            block.Post(i);
        }

        block.Complete();
        await block.Completion;
    }

    public static Task SemaphoreTaskRunAsync(SemaphoreSlim throttle, Task[] tasks) => SubmitAndAwaitAsync(
        () => Task.Run(async () =>
        {
            await throttle.WaitAsync();
            throttle.Release();
        }),
        tasks);

    /// <summary>The smallest single-thread pump: the loop's own TaskScheduler, no executor bookkeeping.</summary>
    public static Task MinimalPumpAsync(CooperativeLoop loop, Task[] tasks) =>
        SubmitAndAwaitAsync(() => Task.Factory.StartNew(static () => { }, CancellationToken.None, TaskCreationOptions.None, loop.Scheduler), tasks);

    /// <summary>Nito.AsyncEx's single-threaded context on a thread of its own, fed from outside as the loop is.</summary>
    public static Task AsyncContextAsync(Nito.AsyncEx.AsyncContextThread context, Task[] tasks) =>
        SubmitAndAwaitAsync(() => context.Factory.StartNew(static () => { }), tasks);

    public static Task ExecutorAsync(IExecutor executor, Task[] tasks) => SubmitAndAwaitAsync(() => executor.Submit(static _ => { }), tasks);

    /// <summary>Cells whose database is never opened: the queries below only wait.</summary>
    public static Cell[] Cells(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Cell($"cell{i}", $"cell{i}", static () => throw new InvalidOperationException("not a database")))];

    /// <summary>Each cell waits asynchronously and returns how long its own wait really took.</summary>
    public static Task<CellResults<TimeSpan>> GatherAsyncWaitsAsync(IExecutor executor, Cell[] cells, TimeSpan cellTime) =>
        ScatterGather.AllCellsAsync(cells, async context =>
        {
            long start = Stopwatch.GetTimestamp();
            await Task.Delay(cellTime, context.CancellationToken);
            return Stopwatch.GetElapsedTime(start);
        }, new ScatterGatherOptions { Executor = executor, Timeout = TimeSpan.FromSeconds(60) });

    /// <summary>Each cell blocks its thread and returns how long its own wait really took.</summary>
    public static Task<CellResults<TimeSpan>> GatherBlockingWaitsAsync(IExecutor executor, Cell[] cells, TimeSpan cellTime, bool offload) =>
        ScatterGather.AllCellsAsync(cells, _ =>
        {
            long start = Stopwatch.GetTimestamp();
            Thread.Sleep(cellTime);
            return Stopwatch.GetElapsedTime(start);
        }, new ScatterGatherOptions { Executor = executor, Timeout = TimeSpan.FromSeconds(60), OffloadBlockingQueries = offload });

    /// <summary>A thread pool on threads of its own (Dedicated), whose <paramref name="workers"/> threads have all started and gone idle.</summary>
    public static IExecutor IdlePool(string name, int workers)
    {
        var pool = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = name, MaxWorkers = workers, MinWorkers = workers, Threads = ExecutorThreads.Dedicated });
        using var started = new CountdownEvent(workers);
        using var release = new ManualResetEventSlim();

        // Each holder waits until all have started, so every worker is a thread of its own.
        var holders = Enumerable.Range(0, workers).Select(_ => pool.Submit(_ => { started.Signal(); release.Wait(); })).ToArray();
        started.Wait();
        release.Set();
        Task.WaitAll(holders);
        return pool;
    }

    /// <summary>A pool of <see cref="Workers"/> threads held by <paramref name="gate"/>, with <paramref name="queued"/> no-ops behind them.</summary>
    public static IExecutor BlockedPool(string name, int queued, ManualResetEventSlim gate)
    {
        var pool = ThreadPoolExecutor.Create(name, Workers);
        using var started = new CountdownEvent(Workers);
        for (int i = 0; i < Workers; i++)
        {
            _ = pool.Submit(_ => { started.Signal(); gate.Wait(); });
        }

        started.Wait();
        for (int i = 0; i < queued; i++)
        {
            _ = pool.Submit(static _ => { });
        }

        return pool;
    }

    /// <summary>Runs <paramref name="items"/> blocking items of <paramref name="itemTime"/> each on <paramref name="executor"/>.</summary>
    public static Task BlockingItemsAsync(IExecutor executor, int items, TimeSpan itemTime) =>
        Task.WhenAll(Enumerable.Range(0, items).Select(_ => executor.Submit(_ => Thread.Sleep(itemTime))));
}
