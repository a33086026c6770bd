using System.Text;

namespace Concurrency.RabbitMQ;

/// <summary>The headers the consumer reads and writes on messages.</summary>
public static class MessageHeaders
{
    /// <summary>Attempts a message had before the consumer republished it for another (an integer).</summary>
    public const string Attempts = "x-concurrency-attempts";

    /// <summary>Why a message was dead-lettered or retried: the exception's type and message.</summary>
    public const string Reason = "x-concurrency-reason";

    /// <summary>The queue a dead-lettered message came from.</summary>
    public const string OriginalQueue = "x-concurrency-queue";

    /// <summary>The broker's count of earlier deliveries of a message on a quorum queue.</summary>
    public const string DeliveryCount = "x-delivery-count";

    /// <summary>Reads an integer header the way the client hands them over (long, int or bytes of text).</summary>
    internal static int ReadInt(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out object? value)
            ? value switch
            {
                int number => number,
                long number => (int)Math.Clamp(number, 0, int.MaxValue),
                byte[] text when int.TryParse(Encoding.UTF8.GetString(text), out int number) => number,
                _ => 0,
            }
            : 0;

    /// <summary>Reads a text header (the client hands strings over as bytes).</summary>
    public static string? ReadText(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out object? value)
            ? value switch
            {
                byte[] text => Encoding.UTF8.GetString(text),
                string text => text,
                _ => value?.ToString(),
            }
            : null;
}
