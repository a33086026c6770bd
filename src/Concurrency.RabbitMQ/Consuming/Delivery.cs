namespace Concurrency.RabbitMQ;

/// <summary>One delivery as the pool's submission: its consumer and message, named by queue in the pool's warnings and reports.</summary>
/// <param name="Consumer">The consumer that received it.</param>
/// <param name="Message">The message.</param>
internal sealed record Delivery(MessageConsumer Consumer, DeliveredMessage Message) : IDescribedWork
{
    /// <summary>For example <c>message from queue 'select_destinations' (delivery 42, attempt 1)</c>.</summary>
    public string Description => $"message from queue '{Consumer.Queue}' (delivery {Message.DeliveryTag}, attempt {Message.Attempt})";
}
