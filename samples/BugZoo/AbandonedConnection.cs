using Concurrency;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>A timeout that abandons a call still holding its connection: hung calls keep the pool's connections forever.</summary>
public sealed class AbandonedConnection : ZooBug
{
    public override string Name => "abandoned-connection";

    public override string Summary => "a timeout gives up on a hung call that still holds its connection, until none is left";

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        // The driver honours cancellation; the bug is a service that never hands it the token.
        run.Faults.Call("db").Hangs(0.25, observesCancellation: true);
        var timeout = Scaled(run, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20));
        using var database = new HostDatabase(run, connections: 2, fixedVersion);
        var executor = run.Backend.CreateExecutor(new ExecutorOptions { Name = "api", MaxWorkers = 4 });
        try
        {
            for (int request = 0; request < 8; request++)
            {
                try
                {
                    await executor.Submit(() => database.QueryAsync(timeout));
                }
                catch (TimeoutException)
                {
                    // A hung query answered late: the service reports it, as it should.
                }
            }
        }
        finally
        {
            // The database comes back, so the calls the bug abandoned end and the executor drains.
            run.Faults.Call("db").Recover();
            await executor.ShutdownAsync();
        }
    }

    private sealed class HostDatabase(BackendRun run, int connections, bool fixedVersion) : IDisposable
    {
        private readonly SemaphoreSlim _connections = new(connections, connections);

        public void Dispose() => _connections.Dispose();

        public async Task<string> QueryAsync(TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout, run.Time);
            try
            {
                await _connections.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new BugFoundException($"No connection came free within {timeout.TotalMilliseconds} ms: hung calls abandoned at their timeout still hold every connection.");
            }

            // The bug: without the token the call goes on, holding its connection, after the caller gave up.
            var call = UseConnectionAsync(fixedVersion ? deadline.Token : CancellationToken.None);
            try
            {
                return await call.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The query was canceled at its timeout.");
            }
        }

        private async Task<string> UseConnectionAsync(CancellationToken cancellationToken)
        {
            try
            {
                await run.CallAsync("db", cancellationToken);
                return "row";
            }
            finally
            {
                _connections.Release();
            }
        }
    }
}
