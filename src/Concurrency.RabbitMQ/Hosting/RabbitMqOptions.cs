namespace Concurrency.RabbitMQ;

/// <summary>The broker connection, bound from the <c>RabbitMQ</c> configuration section.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>The configuration section read by <c>AddRabbitMq(configuration)</c>.</summary>
    public const string SectionName = "RabbitMQ";

    /// <summary>The broker's AMQP URI, for example <c>amqp://guest:guest@127.0.0.1:5672/</c>. Required.</summary>
    public string? Uri { get; set; }

    /// <summary>The connection's name in the broker's management tools; the process name when null.</summary>
    public string? ClientName { get; set; }

    /// <summary>How long the client waits between attempts to reconnect to a lost broker. Default 2 s.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the start keeps trying to reach the broker before the host fails to start. Default 60 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    internal Uri Validate()
    {
        if (string.IsNullOrWhiteSpace(Uri) || !System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new ArgumentException($"RabbitMQ:Uri was '{Uri}': set an absolute amqp:// or amqps:// URI, for example amqp://guest:guest@127.0.0.1:5672/.", nameof(Uri));
        }

        if (RecoveryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RecoveryInterval), RecoveryInterval, $"RabbitMQ:RecoveryInterval was {RecoveryInterval}: use a time above zero.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, $"RabbitMQ:ConnectTimeout was {ConnectTimeout}: use a time above zero.");
        }

        return uri;
    }
}
