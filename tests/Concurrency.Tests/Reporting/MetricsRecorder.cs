using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Concurrency.Tests.Reporting;

/// <summary>A real MeterListener on the library's meter that keeps one executor's measurements.</summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _executor;
    private readonly string _tagKey;
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    /// <param name="meter">The meter to listen to; null listens to every meter of the library's name.</param>
    /// <param name="executor">The value of <paramref name="tagKey"/> whose measurements are kept.</param>
    /// <param name="tagKey">The tag naming the source: <c>executor.name</c>, or <c>loop.name</c> for a loop.</param>
    public MetricsRecorder(Meter? meter, string executor, string tagKey = "executor.name")
    {
        _executor = executor;
        _tagKey = tagKey;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meter is null ? instrument.Meter.Name == ExecutorMetrics.MeterName : ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads every observable instrument now and returns this executor's values of one instrument.</summary>
    public List<(double Value, Dictionary<string, object?> Tags)> Observe(string instrument)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return Recorded(instrument);
    }

    public List<(double Value, Dictionary<string, object?> Tags)> Recorded(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags))];

    public double ObserveOne(string instrument, string? key = null, string? tag = null) =>
        Observe(instrument).Where(m => key is null || Equals(m.Tags[key], tag)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }

        if (Equals(dictionary.GetValueOrDefault(_tagKey), _executor))
        {
            _measurements.Enqueue((instrument.Name, value, dictionary));
        }
    }
}
