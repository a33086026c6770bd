using System.Diagnostics;
using System.Globalization;
using Concurrency.RabbitMQ;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SchedulerWorker;

namespace Concurrency.Benchmarks;

/// <summary>
/// The cost of dispatching a message through the executor: one caller's sequential RPC round trips against a bare
/// RabbitMQ.Client consumer (the reply published, confirmed, then the delivery acknowledged, in the callback) and
/// against <see cref="MessageConsumer"/> doing the same through a cooperative and a threaded pool; on a private
/// broker, the three alternated round by round. The overhead is the p50 round trip's difference.
/// </summary>
internal static class RabbitDispatch
{
    public static async Task<int> RunAsync(TextWriter output, int rounds, int calls)
    {
        await using var broker = await PrivateBroker.StartAsync();
        var factory = new ConnectionFactory { Uri = broker.Uri };
        await using var server = await factory.CreateConnectionAsync();
        await using var clientConnection = await factory.CreateConnectionAsync();
        await using var client = await RpcClient.StartAsync(clientConnection);
        await using var cooperative = CooperativeExecutor.Create("dispatch-cooperative", 64);
        await using var threaded = ThreadPoolExecutor.Create("dispatch-threaded", 64);
        string bare = await StartBareAsync(server);
        string[] ours = [await StartConsumerAsync(server, cooperative), await StartConsumerAsync(server, threaded)];
        string[] names = ["bare", CooperativeExecutor.BackendName, ThreadPoolExecutor.BackendName];
        string[] queues = [bare, .. ours];
        var overheads = new List<double>[] { [], [] };
        for (int round = 1; round <= rounds; round++)
        {
            // One call to each queue in turn, so the broker's and the machine's drift falls on all three alike.
            var samples = queues.Select(_ => new Percentiles(calls)).ToArray();
            for (int i = 0; i < calls + (calls / 5); i++)
            {
                for (int q = 0; q < queues.Length; q++)
                {
                    long started = Stopwatch.GetTimestamp();
                    await client.CallAsync(queues[q], Body);
                    if (i >= calls / 5)
                    {
                        samples[q].Add(Stopwatch.GetTimestamp() - started);
                    }
                }
            }

            double baseline = samples[0].Microseconds(50);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: p50 {string.Join(", ", names.Zip(samples, (name, sample) => $"{name} {sample.Microseconds(50):0.0} us"))}"));
            for (int q = 1; q < queues.Length; q++)
            {
                overheads[q - 1].Add(samples[q].Microseconds(50) - baseline);
            }
        }

        for (int q = 0; q < overheads.Length; q++)
        {
            var values = overheads[q];
            values.Sort();
            double median = values[values.Count / 2];
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"rabbit_dispatch.{names[q + 1]}.overhead_p50 {median:0.0} us (rounds: {string.Join(", ", values.Select(value => value.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)))}) target < 50 {(median < 50 ? "met" : "MISSED")}"));
        }

        return 0;
    }

    private static readonly byte[] Body = new byte[64];

    /// <summary>A bare consumer on a quorum queue, as the consumer declares its own: reply, wait for the confirm, acknowledge.</summary>
    private static async Task<string> StartBareAsync(IConnection connection)
    {
        string queue = $"bare-{Guid.NewGuid():N}";
        var consume = await connection.CreateChannelAsync();
        var publish = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await consume.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        var consumer = new AsyncEventingBasicConsumer(consume);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var properties = new BasicProperties { CorrelationId = delivery.BasicProperties.CorrelationId };
            await publish.BasicPublishAsync(string.Empty, delivery.BasicProperties.ReplyTo!, mandatory: false, properties, delivery.Body);
            await consume.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await consume.BasicConsumeAsync(queue, autoAck: false, consumer);
        return queue;
    }

    private static async Task<string> StartConsumerAsync(IConnection connection, IExecutor executor)
    {
        string queue = $"ours-{executor.Backend}-{Guid.NewGuid():N}";
        await MessageConsumer.StartAsync(connection, executor, static (message, _) => ValueTask.FromResult(message.Body), new MessageConsumerOptions { Queue = queue });
        return queue;
    }
}
