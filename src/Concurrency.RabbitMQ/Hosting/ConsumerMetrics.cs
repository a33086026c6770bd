using System.Diagnostics.Metrics;

namespace Concurrency.RabbitMQ;

/// <summary>
/// The host's consumers as instruments on the library's meter (<see cref="ExecutorMetrics.MeterName"/>), each tagged
/// with <c>messaging.destination.name</c> (the queue): <c>concurrency.messages</c> (counter, tagged <c>outcome</c>:
/// acknowledged, retried, dead_lettered, malformed, returned), <c>concurrency.messages.in_flight</c> and
/// <c>concurrency.consumer.connected</c> (1 or 0).
/// </summary>
internal sealed class ConsumerMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public ConsumerMetrics(IMeterFactory? meterFactory, Func<IReadOnlyList<MessageConsumer>> consumers)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(ExecutorMetrics.MeterName) ?? new Meter(ExecutorMetrics.MeterName);
        _meter.CreateObservableCounter(
            "concurrency.messages",
            () => consumers().SelectMany(static consumer => Outcomes(consumer.GetStatistics())),
            "{message}",
            "Messages settled by the host's consumers, by outcome.");
        _meter.CreateObservableUpDownCounter(
            "concurrency.messages.in_flight",
            () => consumers().Select(static consumer => new Measurement<long>(consumer.GetStatistics().InFlight, Queue(consumer.Queue))),
            "{message}",
            "Messages handed to the pool and not yet settled.");
        _meter.CreateObservableUpDownCounter(
            "concurrency.consumer.connected",
            () => consumers().Select(static consumer => new Measurement<long>(consumer.IsConnected ? 1 : 0, Queue(consumer.Queue))),
            "{consumer}",
            "1 while the consumer's channel is open; 0 while the broker is away.");
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static IEnumerable<Measurement<long>> Outcomes(ConsumerStatistics statistics)
    {
        yield return Outcome(statistics.Acknowledged, statistics.Queue, "acknowledged");
        yield return Outcome(statistics.Retried, statistics.Queue, "retried");
        yield return Outcome(statistics.DeadLettered, statistics.Queue, "dead_lettered");
        yield return Outcome(statistics.Malformed, statistics.Queue, "malformed");
        yield return Outcome(statistics.Returned, statistics.Queue, "returned");
    }

    private static Measurement<long> Outcome(long value, string queue, string outcome) =>
        new(value, Queue(queue), new KeyValuePair<string, object?>("outcome", outcome));

    private static KeyValuePair<string, object?> Queue(string queue) => new("messaging.destination.name", queue);
}
