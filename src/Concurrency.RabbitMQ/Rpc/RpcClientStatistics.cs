namespace Concurrency.RabbitMQ;

/// <summary>What an RPC client has sent and received.</summary>
/// <param name="Calls">Calls made.</param>
/// <param name="Answered">Calls that got their reply.</param>
/// <param name="TimedOut">Calls that gave up waiting.</param>
/// <param name="Pending">Calls waiting for a reply now.</param>
/// <param name="Unconfirmed">Of those, calls whose request the broker has not confirmed yet: many here, for long, point at the broker (blocked by an alarm, or unreachable) rather than the workers.</param>
/// <param name="Resent">Requests published again after the connection recovered, because their reply could have been lost with it.</param>
/// <param name="UnmatchedReplies">Replies that matched no waiting call: a second answer to a request handled twice (after a redelivery), or one that came after its call timed out. Dropped, never handed to a caller.</param>
public sealed record RpcClientStatistics(long Calls, long Answered, long TimedOut, int Pending, int Unconfirmed, long Resent, long UnmatchedReplies);
