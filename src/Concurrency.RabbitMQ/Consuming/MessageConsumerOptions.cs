using System.Text;

namespace Concurrency.RabbitMQ;

/// <summary>How a <see cref="MessageConsumer"/> takes messages from its queue and what it does with failures.</summary>
public sealed class MessageConsumerOptions
{
    /// <summary>How many times a message is handled before it is dead-lettered, when nothing else is set.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>The queue to consume. Required.</summary>
    public string Queue { get; set; } = string.Empty;

    /// <summary>
    /// Declare the queue (durable, quorum) and its dead-letter queue before consuming. The quorum queue's delivery
    /// limit dead-letters a message that keeps killing its workers before they can count an attempt. Default true;
    /// set false to consume a queue declared elsewhere.
    /// </summary>
    public bool DeclareQueue { get; set; } = true;

    /// <summary>Where messages go after their last attempt, or at once when malformed; <c>{Queue}.dead-letter</c> when null.</summary>
    public string? DeadLetterQueue { get; set; }

    /// <summary>How many times a message is handled before it is dead-lettered. Default <see cref="DefaultMaxAttempts"/>.</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>
    /// Unacknowledged messages the broker sends ahead. Null (the default) takes the pool's <see cref="PoolState.MaxWorkers"/>
    /// and half as many again (at least 2, at most its <see cref="PoolState.MaxBacklog"/>): every worker has a message,
    /// a few wait in the pool to cover the round trip of the acknowledgements, and the rest wait in the broker, where
    /// another worker process can take them.
    /// </summary>
    public ushort? Prefetch { get; set; }

    /// <summary>How long a stop lets handlers in flight finish before it cancels them and returns their messages. Default 30 s.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Chooses a message's affinity key (<see cref="SubmitOptions.Key"/>): on a loop group every message of one key runs
    /// on the same loop, in order. Null submits without a key.
    /// </summary>
    public Func<DeliveredMessage, string?>? Key { get; set; }

    /// <summary>The clock for the stop timeout; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The dead-letter queue's name as it is used.</summary>
    internal string DeadLetterQueueName => DeadLetterQueue ?? $"{Queue}.dead-letter";

    /// <summary>Throws naming the first bad value.</summary>
    internal void Validate()
    {
        CheckQueueName(Queue, nameof(Queue));
        if (DeadLetterQueue is not null)
        {
            CheckQueueName(DeadLetterQueue, nameof(DeadLetterQueue));
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, $"MaxAttempts was {MaxAttempts}: a message is handled at least once; use 1 or more.");
        }

        if (Prefetch == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Prefetch), Prefetch, "Prefetch was 0, which RabbitMQ reads as unlimited: use 1 to 65535, or null for the pool's size.");
        }

        if (StopTimeout < TimeSpan.Zero && StopTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(StopTimeout), StopTimeout, $"StopTimeout was {StopTimeout}: use zero or more, or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>RabbitMQ's rules for a queue name a client may declare: 1 to 255 bytes of UTF-8, not starting with <c>amq.</c>.</summary>
    internal static void CheckQueueName(string? name, string setting)
    {
        if (string.IsNullOrEmpty(name) || Encoding.UTF8.GetByteCount(name) > 255 || name.StartsWith("amq.", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"{setting} was '{name}': a queue name is 1 to 255 bytes of UTF-8 and does not start with 'amq.' (reserved by the broker).", setting);
        }
    }
}
