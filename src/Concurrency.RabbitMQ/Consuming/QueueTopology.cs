using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Concurrency.RabbitMQ;

/// <summary>The queues a consumer needs: its queue and the dead-letter queue, declared as durable quorum queues or checked to exist.</summary>
internal static class QueueTopology
{
    /// <summary>Declares both queues, or with DeclareQueue off checks that both exist, so no dead letter is ever published to nowhere.</summary>
    public static async Task EnsureAsync(IConnection connection, MessageConsumerOptions options, CancellationToken cancellationToken)
    {
        // A failed declaration closes its channel, so this one is the topology's own.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        string deadLetter = options.DeadLetterQueueName;
        if (!options.DeclareQueue)
        {
            foreach (string queue in new[] { options.Queue, deadLetter })
            {
                try
                {
                    await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationInterruptedException error)
                {
                    throw new InvalidOperationException(
                        $"Queue '{queue}' does not exist ({error.ShutdownReason?.ReplyText}): with DeclareQueue false, declare the queue and its dead-letter queue ('{deadLetter}') before consuming.", error);
                }
            }

            return;
        }

        try
        {
            await channel.QueueDeclareAsync(deadLetter, durable: true, exclusive: false, autoDelete: false, Quorum(), cancellationToken: cancellationToken).ConfigureAwait(false);

            // The broker's own bound, for a message that kills its workers before they can count a failed attempt.
            var arguments = Quorum();
            arguments["x-delivery-limit"] = options.MaxAttempts;
            arguments["x-dead-letter-exchange"] = string.Empty;
            arguments["x-dead-letter-routing-key"] = deadLetter;
            await channel.QueueDeclareAsync(options.Queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationInterruptedException error)
        {
            throw new InvalidOperationException(
                $"Queue '{options.Queue}' or '{deadLetter}' could not be declared as a durable quorum queue ({error.ShutdownReason?.ReplyText}): when the queue exists with other arguments, set DeclareQueue to false and declare its dead-letter queue yourself.",
                error);
        }
    }

    private static Dictionary<string, object?> Quorum() => new() { ["x-queue-type"] = "quorum" };
}
