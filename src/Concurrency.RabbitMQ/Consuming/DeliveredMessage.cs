using RabbitMQ.Client;

namespace Concurrency.RabbitMQ;

/// <summary>A message as its handler sees it: a copy of the body (the client's buffer is reused after the delivery), its properties and which attempt this is.</summary>
public sealed class DeliveredMessage
{
    internal DeliveredMessage(ulong deliveryTag, string routingKey, bool redelivered, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, int attempt)
    {
        DeliveryTag = deliveryTag;
        RoutingKey = routingKey;
        Redelivered = redelivered;
        Properties = properties;
        Body = body;
        Attempt = attempt;
    }

    /// <summary>The message body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The message's properties: correlation id, reply-to, headers and the rest.</summary>
    public IReadOnlyBasicProperties Properties { get; }

    /// <summary>The routing key it was published with.</summary>
    public string RoutingKey { get; }

    /// <summary>Whether the broker delivered it before (to a worker that died or a channel that closed without acknowledging it).</summary>
    public bool Redelivered { get; }

    /// <summary>Which attempt this is, from 1: the consumer's retries and the broker's redeliveries both count.</summary>
    public int Attempt { get; }

    internal ulong DeliveryTag { get; }

    /// <summary>The message as a log line shows it.</summary>
    /// <returns>For example <c>message 'abc' (attempt 2) from 'select_destinations'</c>.</returns>
    public override string ToString() =>
        $"message '{Properties.MessageId ?? Properties.CorrelationId ?? DeliveryTag.ToString(System.Globalization.CultureInfo.InvariantCulture)}' (attempt {Attempt}) from '{RoutingKey}'";
}
