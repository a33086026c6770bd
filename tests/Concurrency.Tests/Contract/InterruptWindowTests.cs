using Concurrency.OutsideBackend;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Contract;

/// <summary>
/// Where a Thread.Interrupt that work leaves pending goes, on the backends whose workers wait for work on threads of
/// their own: the engine does not clear it per item (that costs a 250-400 ns wait), so it is consumed by the worker's
/// next blocking wait, and only an item that starts before then, on the same thread, gets it (issue 30; the contract
/// suite shows that item getting it on every backend). On the .NET pool's threads it stays pending as the .NET pool
/// itself leaves it, for whatever blocks there next.
/// </summary>
public sealed class InterruptWindowTests
{
    public static TheoryData<string> Backends => ["dedicated", "cooperative", "offload", "outside"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Submit_WorkerBlockedInItsWaitAfterAnInterruptWasLeft_NextItemIsNotInterrupted(string backend)
    {
        await using var created = Create(backend);
        var executor = created.Executor;
        for (int round = 0; round < 5; round++)
        {
            var worker = await executor.Submit(_ =>
            {
                Thread.CurrentThread.Interrupt();
                return Thread.CurrentThread;
            }).Within();

            // Blocked in a wait means the wait has taken the interrupt: one pending is thrown before a thread blocks.
            await Eventually.Until(() => (worker.ThreadState & ThreadState.WaitSleepJoin) != 0, "the worker waits for work once the pool is idle");

            (await executor.Submit(_ => BlocksWithoutInterrupt()).Within()).Should().BeTrue($"round {round}: the worker's own wait took the interrupt");
        }
    }

    private static bool BlocksWithoutInterrupt()
    {
        using var alwaysSet = new ManualResetEvent(initialState: true);
        return alwaysSet.WaitOne(0);
    }

    private static Created Create(string backend)
    {
        var options = new ExecutorOptions { Name = $"interrupt-{backend}", MaxWorkers = 1 };
        switch (backend)
        {
            case "dedicated":
                return new Created(ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions(options) { Threads = ExecutorThreads.Dedicated }), null);
            case "offload":
                return new Created(new OffloadThreadPool(options.Name!, 1, CooperativeLoopOptions.DefaultOffloadSchedulerSlice, reportSlice: null, options), null);
            case "outside":
                return new Created(new OneThreadExecutor(options), null);
            default:
                var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "interrupt-loop" });
                return new Created(CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = options.Name, Loop = loop, MaxWorkers = 1 }), loop);
        }
    }

    private sealed record Created(IExecutor Executor, CooperativeLoop? Loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Executor.DisposeAsync();
            if (Loop is not null)
            {
                await Loop.DisposeAsync();
            }
        }
    }
}
