using Microsoft.Extensions.Logging;

namespace Concurrency.RabbitMQ;

public sealed partial class MessageConsumer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Consuming {Queue} on pool {Pool}: prefetch {Prefetch}, {MaxAttempts} attempts, dead letters to {DeadLetterQueue}")]
        public static partial void Started(ILogger logger, string queue, string pool, int prefetch, int maxAttempts, string deadLetterQueue);

        [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "{Message}: attempt {Attempt} of {MaxAttempts} failed; it goes back to the queue for another")]
        public static partial void Retrying(ILogger logger, Exception error, DeliveredMessage message, int attempt, int maxAttempts);

        [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "{Message}: dead-lettered to {DeadLetterQueue} after {Attempt} attempts")]
        public static partial void DeadLettered(ILogger logger, Exception error, DeliveredMessage message, int attempt, string deadLetterQueue);

        [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "{Message} is malformed ({Reason}): dead-lettered to {DeadLetterQueue} without another attempt")]
        public static partial void Malformed(ILogger logger, DeliveredMessage message, string reason, string deadLetterQueue);

        [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "{Message} was not handed to pool {Pool}; it goes back to the broker unhandled")]
        public static partial void NotDispatched(ILogger logger, Exception error, DeliveredMessage message, string pool);

        [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "{Message} could not be settled with the broker; it stays unacknowledged and the broker delivers it again")]
        public static partial void Unsettled(ILogger logger, Exception error, DeliveredMessage message);

        [LoggerMessage(EventId = 409, Level = LogLevel.Error, Message = "{Message}: the broker refused the reply or the republished copy; the message goes back to the queue")]
        public static partial void NotPublished(ILogger logger, Exception error, DeliveredMessage message);

        [LoggerMessage(EventId = 410, Level = LogLevel.Error, Message = "Pool {Pool} is shut down: the consumer of {Queue} stops taking messages, and the broker gives them to other workers")]
        public static partial void PoolShutDown(ILogger logger, Exception error, string queue, string pool);

        [LoggerMessage(EventId = 407, Level = LogLevel.Warning, Message = "Stopping consumer of {Queue}: {Seconds} s passed with {InFlight} handlers still running; they are canceled and their messages go back to the queue")]
        public static partial void StopTimedOut(ILogger logger, string queue, double seconds, int inFlight);

        [LoggerMessage(EventId = 408, Level = LogLevel.Information, Message = "Stopped. {Statistics}")]
        public static partial void Stopped(ILogger logger, ConsumerStatistics statistics);
    }
}
