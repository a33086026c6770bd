using Concurrency.PeriodicWork;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>A periodic task on a plain timer overlaps itself when one run takes longer than the period.</summary>
public sealed class PeriodicOverlap : ZooBug
{
    public override string Name => "periodic-overlap";

    public override string Summary => "a periodic sync on a plain timer starts again while the last run is still going";

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        var period = Scaled(run, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));

        // Most runs take half a period; now and then the inventory is slow.
        run.Faults.Call("inventory").Latency(period / 2, period * 1.5);
        var sync = new InventorySync(run);
        if (fixedVersion)
        {
            // The fix: the library's periodic worker never starts a callback while its last run goes on.
            await using var worker = new PeriodicWorker(run.Backend.CreateExecutor(), new PeriodicWorkerOptions { TimeProvider = run.Time });
            worker.Add("inventory-sync", sync.RunAsync, period);
            worker.Start();
            await Task.Delay(period * 6, run.Time);
        }
        else
        {
            // The bug: the timer fires every period whether or not the last run has ended.
            using var timer = run.Time.CreateTimer(_ => _ = sync.RunAsync(CancellationToken.None), null, period, period);
            await Task.Delay(period * 6, run.Time);
        }

        await sync.IdleAsync();
        if (sync.Overlaps > 0)
        {
            throw new BugFoundException($"The inventory sync ran twice at once {sync.Overlaps} time(s): a run took longer than the {period.TotalMilliseconds} ms period.");
        }
    }

    private sealed class InventorySync(BackendRun run)
    {
        private int _running;
        private int _overlaps;
        private TaskCompletionSource _idle = Idle();

        public int Overlaps => Volatile.Read(ref _overlaps);

        public Task IdleAsync() => Volatile.Read(ref _running) == 0 ? Task.CompletedTask : _idle.Task;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _running) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            try
            {
                await run.CallAsync("inventory", cancellationToken);
            }
            finally
            {
                if (Interlocked.Decrement(ref _running) == 0)
                {
                    Interlocked.Exchange(ref _idle, Idle()).TrySetResult();
                }
            }
        }

        private static TaskCompletionSource Idle() => new();
    }
}
