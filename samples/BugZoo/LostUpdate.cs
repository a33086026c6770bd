using Concurrency;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>
/// A lost update that appears only on threads: the claim reads, yields to be polite (eventlet.sleep(0)), then writes.
/// On the cooperative hub the yielded claim resumes before the next message's claim starts, so it never loses one.
/// </summary>
public sealed class LostUpdate : ZooBug
{
    public override string Name => "lost-update";

    public override string Summary => "a read-modify-write that relied on the hub's order loses updates once claims overlap";

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        var tracker = new UsageTracker(fixedVersion);
        var executor = run.Backend.CreateExecutor(new ExecutorOptions { Name = "claims", MaxWorkers = 4 });
        var claims = new List<Task>();
        for (int cpus = 1; cpus <= 4; cpus++)
        {
            int claim = cpus;
            claims.Add(executor.Submit(() => tracker.ClaimAsync(claim)));

            // The consumer yields between messages, as a greenthread consumer did.
            await Task.Yield();
        }

        await Task.WhenAll(claims);
        await executor.ShutdownAsync();
        if (tracker.Used != 10)
        {
            throw new BugFoundException($"The tracker counts {tracker.Used} CPUs in use after claims of 1+2+3+4: an update was lost.");
        }
    }

    private sealed class UsageTracker(bool fixedVersion)
    {
        private int _used;

        public int Used => Volatile.Read(ref _used);

        public async Task ClaimAsync(int cpus)
        {
            if (fixedVersion)
            {
                await Task.Yield();
                Interlocked.Add(ref _used, cpus);
                return;
            }

            int used = _used;

            // Ported from a greenthread: yield so a long audit does not hold the hub.
            await Task.Yield();
            _used = used + cpus;
        }
    }
}
