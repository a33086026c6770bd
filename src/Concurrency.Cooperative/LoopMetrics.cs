using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Concurrency;

/// <summary>
/// The cooperative loops' instruments, on a meter of the library's name (<see cref="ExecutorMetrics.MeterName"/>),
/// each tagged with <c>loop.name</c>: <c>concurrency.loop.busy.time</c> (counter, seconds spent running slices; its
/// rate is the loop's utilization), <c>concurrency.loop.ready</c> (entries waiting for the loop) and
/// <c>concurrency.loop.slow_slices</c> (slices over the slow-slice threshold) and <c>concurrency.loop.in_flight</c>
/// (executors' submissions in flight on the loop).
/// </summary>
public sealed class LoopMetrics : IDisposable
{
    private static readonly Lazy<LoopMetrics> s_shared = new(() => new LoopMetrics());

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly ConcurrentDictionary<CooperativeLoop, byte> _loops = new();

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    /// <param name="meterFactory">The application's meter factory (dependency injection); null creates a standalone meter.</param>
    public LoopMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(ExecutorMetrics.MeterName) ?? new Meter(ExecutorMetrics.MeterName);
        _meter.CreateObservableCounter(
            "concurrency.loop.busy.time", () => Observe(loop => loop.BusyTime.TotalSeconds), "s", "Time the loop spent running slices; its rate is the loop's utilization.");
        _meter.CreateObservableUpDownCounter(
            "concurrency.loop.ready", () => Observe(loop => (long)loop.ReadyCount), "{entry}", "Entries ready to run and waiting for the loop.");
        _meter.CreateObservableCounter(
            "concurrency.loop.slow_slices", () => Observe(loop => loop.SlowSlices), "{slice}", "Slices that held the loop longer than its slow-slice threshold.");
        _meter.CreateObservableUpDownCounter(
            "concurrency.loop.in_flight", () => Observe(loop => (long)loop.InFlight), "{submission}", "Executors' submissions in flight on the loop.");
    }

    /// <summary>The process-wide instance loops report to unless their options name another.</summary>
    public static LoopMetrics Shared => s_shared.Value;

    internal Meter Meter => _meter;

    /// <summary>Disposes the meter when this instance created it; a factory's meters are disposed with the factory.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    internal void Register(CooperativeLoop loop) => _loops.TryAdd(loop, 0);

    internal void Unregister(CooperativeLoop loop) => _loops.TryRemove(loop, out _);

    private IEnumerable<Measurement<T>> Observe<T>(Func<CooperativeLoop, T> read)
        where T : struct =>
        _loops.Keys.Select(loop => new Measurement<T>(read(loop), new KeyValuePair<string, object?>("loop.name", loop.Name)));
}
