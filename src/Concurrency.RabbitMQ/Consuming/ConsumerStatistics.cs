namespace Concurrency.RabbitMQ;

/// <summary>What a consumer has done with its messages, and whether it is connected now.</summary>
/// <param name="Queue">The queue it consumes.</param>
/// <param name="Pool">The executor its handlers run on.</param>
/// <param name="Connected">Whether its channel to the broker is open now (false while the client recovers a lost connection).</param>
/// <param name="Prefetch">Unacknowledged messages the broker sends ahead.</param>
/// <param name="InFlight">Messages handed to the pool and not yet settled.</param>
/// <param name="Acknowledged">Messages handled and acknowledged (replied first, when they asked for a reply).</param>
/// <param name="Retried">Failed attempts sent back to the queue for another.</param>
/// <param name="DeadLettered">Messages moved to the dead-letter queue after their last attempt.</param>
/// <param name="Malformed">Messages moved to the dead-letter queue at once as malformed.</param>
/// <param name="Returned">Messages given back to the broker unhandled: refused by a full or stopping pool, or canceled by a stop.</param>
public sealed record ConsumerStatistics(
    string Queue, string Pool, bool Connected, int Prefetch, int InFlight, long Acknowledged, long Retried, long DeadLettered, long Malformed, long Returned)
{
    /// <summary>The consumer's statistics line, in the form of the pools' lines.</summary>
    /// <returns>For example <c>State of consumer select_destinations on default: connected, prefetch 64, in flight 3, acknowledged 1200, retried 2, dead-lettered 0, malformed 1, returned 0</c>.</returns>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"State of consumer {Queue} on {Pool}: {(Connected ? "connected" : "disconnected")}, prefetch {Prefetch}, in flight {InFlight}, acknowledged {Acknowledged}, retried {Retried}, dead-lettered {DeadLettered}, malformed {Malformed}, returned {Returned}");
}
