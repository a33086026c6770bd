using System.Runtime.CompilerServices;

namespace Concurrency.Testing;

public abstract partial class PooledExecutorContractTests
{
    private static readonly AsyncLocal<byte[]?> Ambient = new();

    [Fact]
    public async Task Submit_QueuedSubmissionsCanceled_DropEverythingTheyCapturedAtOnce()
    {
        var executor = Create(maxWorkers: 1);
        var gate = NewGate();
        var running = await OccupyAsync(executor, 1, gate);
        var cancel = new CancellationTokenSource();

        var (tasks, captured) = SubmitCapturing(executor, count: 2_000, cancel.Token);
        await cancel.CancelAsync();
        await FluentActions.Awaiting(() => Task.WhenAll(tasks).Within()).Should().ThrowAsync<OperationCanceledException>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        captured.Count(reference => reference.IsAlive).Should().Be(0, "a canceled submission holds neither its delegate, its state nor its ExecutionContext while the worker is busy");
        executor.GetPoolState().Queued.Should().Be(0);
        gate.SetResult();
        await Task.WhenAll(running).Within();
        executor.GetStatistics().Canceled.Should().Be(2_000);
    }

    // Not inlined, so no local of the test keeps the captured arrays alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (List<Task> Tasks, List<WeakReference> Captured) SubmitCapturing(IExecutor executor, int count, CancellationToken token)
    {
        var tasks = new List<Task>(count);
        var captured = new List<WeakReference>(count * 3);
        for (int i = 0; i < count; i++)
        {
            var closure = new byte[16 * 1024];
            var state = new byte[16 * 1024];
            var ambient = new byte[16 * 1024];
            captured.Add(new WeakReference(closure));
            captured.Add(new WeakReference(state));
            captured.Add(new WeakReference(ambient));
            Ambient.Value = ambient;
            tasks.Add(i % 2 == 0
                ? executor.Submit((data, _) => data.Length + closure.Length, state, new SubmitOptions(CancellationToken: token))
                : executor.Submit(async (data, _) => { await Task.Yield(); return data.Length + closure.Length; }, state, new SubmitOptions(CancellationToken: token)));
            Ambient.Value = null;
        }

        return (tasks, captured);
    }
}
