using Concurrency;
using Concurrency.Testing;

namespace BugZoo;

/// <summary>A handler that is not idempotent: the broker redelivers a message whose ack was lost, and the order is charged twice.</summary>
public sealed class Redelivery : ZooBug
{
    public override string Name => "redelivery";

    public override string Summary => "a handler that is not idempotent charges an order twice when its message is redelivered";

    public override async Task RunAsync(BackendRun run, bool fixedVersion)
    {
        // At-least-once delivery: an ack that fails (a worker that died before it) brings the message back.
        run.Faults.Call("ack").Fails(0.15);
        var billing = new Billing(run, fixedVersion);
        var executor = run.Backend.CreateExecutor(new ExecutorOptions { Name = "billing", MaxWorkers = 2 });
        var deliveries = Enumerable.Range(1, 4).Select(order => DeliverAsync(run, executor, billing, $"order-{order}"));
        await Task.WhenAll(deliveries);
        await executor.ShutdownAsync();
        if (billing.Charges.FirstOrDefault(charge => charge.Value > 1) is { Key: { } twice })
        {
            throw new BugFoundException($"{twice} was charged {billing.Charges[twice]} times: its message came back after a lost ack and the handler charged again.");
        }
    }

    /// <summary>Delivers a message until it is acknowledged, as a broker does.</summary>
    private static async Task DeliverAsync(BackendRun run, IExecutor executor, Billing billing, string messageId)
    {
        while (true)
        {
            await executor.Submit(() => billing.HandleAsync(messageId));
            try
            {
                await run.CallAsync("ack");
                return;
            }
            catch (TimeoutException)
            {
                // The ack was lost: the broker delivers the message again.
            }
        }
    }

    private sealed class Billing(BackendRun run, bool fixedVersion)
    {
        private readonly HashSet<string> _handled = [];

        public Dictionary<string, int> Charges { get; } = [];

        public async Task HandleAsync(string messageId)
        {
            // The fix: a message id already handled is acknowledged again, not charged again.
            if (fixedVersion)
            {
                lock (_handled)
                {
                    if (!_handled.Add(messageId))
                    {
                        return;
                    }
                }
            }

            await run.CallAsync("payments");
            lock (Charges)
            {
                Charges[messageId] = Charges.GetValueOrDefault(messageId) + 1;
            }
        }
    }
}
