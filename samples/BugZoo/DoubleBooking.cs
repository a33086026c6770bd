using Concurrency;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>Check-then-act across an await: two requests both see the host's last slot free and both book it.</summary>
public sealed class DoubleBooking : ZooBug
{
    public override string Name => "double-booking";

    public override string Summary => "check-then-act across an await: two requests book the same host's last slot";

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        using var slots = new HostSlots(run, free: 1, fixedVersion);
        var executor = run.Backend.CreateExecutor(new ExecutorOptions { Name = "api", MaxWorkers = 4 });
        bool[] booked = await Task.WhenAll(executor.Submit(() => slots.BookAsync()), executor.Submit(() => slots.BookAsync()));
        await executor.ShutdownAsync();
        if (booked.Count(ok => ok) > 1)
        {
            throw new BugFoundException("Host h1's last slot was booked twice: both requests read it free before either took it.");
        }
    }

    private sealed class HostSlots(BackendRun run, int free, bool fixedVersion) : IDisposable
    {
        private readonly SemaphoreSlim _hostLock = new(1, 1);
        private int _free = free;

        public void Dispose() => _hostLock.Dispose();

        public async Task<bool> BookAsync()
        {
            if (!fixedVersion)
            {
                // The bug: the check and the take are two calls, and another request runs between them.
                if (await ReadFreeAsync() == 0)
                {
                    return false;
                }

                await TakeAsync();
                return true;
            }

            // The fix: the check and the take happen under the host's lock, as one step.
            await _hostLock.WaitAsync();
            try
            {
                if (await ReadFreeAsync() == 0)
                {
                    return false;
                }

                await TakeAsync();
                return true;
            }
            finally
            {
                _hostLock.Release();
            }
        }

        private async Task<int> ReadFreeAsync()
        {
            await run.CallAsync("db");
            return _free;
        }

        private async Task TakeAsync()
        {
            await run.CallAsync("db");
            _free--;
        }
    }
}
