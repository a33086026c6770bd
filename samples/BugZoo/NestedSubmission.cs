using Concurrency;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>A nested submission into a full pool: handlers hold every worker while they wait for work queued behind them.</summary>
public sealed class NestedSubmission : ZooBug
{
    public override string Name => "nested-submission";

    public override string Summary => "a handler waits for work it submitted to its own full pool: a deadlock";

    public override bool Shows(Exception failure) =>
        failure is BugFoundException or SimulationException { Kind: SimulationFailureKind.Deadlock };

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        var requests = run.Backend.CreateExecutor(new ExecutorOptions { Name = "requests", MaxWorkers = 2 });

        // The fix: the lookups have a pool of their own, so a handler never waits for a slot it holds.
        var lookups = fixedVersion ? run.Backend.CreateExecutor(new ExecutorOptions { Name = "lookups", MaxWorkers = 2 }) : requests;
        async Task<int> HandleAsync()
        {
            await run.CallAsync("parse");
            return await lookups.Submit(async () =>
            {
                await run.CallAsync("db");
                return 1;
            });
        }

        var handled = Task.WhenAll(requests.Submit(HandleAsync), requests.Submit(HandleAsync));
        try
        {
            await WithinAsync(run, handled, TimeSpan.FromMilliseconds(100), "Both request handlers hold the pool's two workers and wait for lookups queued behind them: a deadlock.");
        }
        finally
        {
            // Canceling the queued lookups ends the handlers that wait for them, so the pools drain.
            await requests.ShutdownAsync(ShutdownMode.CancelQueued);
            await lookups.ShutdownAsync();
            await ((Task)handled).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }
}
