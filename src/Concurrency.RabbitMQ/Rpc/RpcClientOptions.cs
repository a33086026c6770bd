namespace Concurrency.RabbitMQ;

/// <summary>How an <see cref="RpcClient"/> waits for replies.</summary>
public sealed class RpcClientOptions
{
    /// <summary>How long a call waits for its reply when the call names no timeout. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock timeouts run on; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    internal void Validate() => RpcClient.CheckTimeout(Timeout, nameof(Timeout));
}
