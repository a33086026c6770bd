using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The library's <see cref="Meter"/> (<see cref="MeterName"/>) and its instruments, reporting every executor that
/// uses it. Observable instruments read the same counters as <see cref="IExecutor.GetStatistics"/> and
/// <see cref="IExecutor.GetPoolState"/>; the two histograms are recorded as work runs.
/// </summary>
/// <remarks>
/// Instruments, each tagged with <c>executor.name</c> and <c>executor.backend</c>:
/// <c>concurrency.executor.work_items</c> (counter, <c>outcome</c> = completed, faulted, interrupted, canceled, rejected),
/// <c>concurrency.executor.work_item.duration</c> and <c>concurrency.executor.work_item.queue.duration</c>
/// (histograms, seconds), <c>concurrency.executor.worker.count</c> (<c>state</c> = idle, busy),
/// <c>concurrency.executor.worker.max</c> and <c>concurrency.executor.queue.length</c> (up/down counters).
/// </remarks>
public sealed class ExecutorMetrics : IDisposable
{
    /// <summary>The meter's name, for <c>dotnet-counters</c> and OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Concurrency";

    private static readonly Lazy<ExecutorMetrics> s_shared = new(() => new ExecutorMetrics());

    private readonly ConcurrentDictionary<ExecutorMonitor, byte> _executors = new();
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    /// <param name="meterFactory">The application's meter factory (dependency injection); null creates a standalone meter.</param>
    public ExecutorMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Duration = _meter.CreateHistogram<double>(
            "concurrency.executor.work_item.duration", "s", "How long work items ran, excluding queue wait.");
        QueueDuration = _meter.CreateHistogram<double>(
            "concurrency.executor.work_item.queue.duration", "s", "How long work items waited before they started.");
        _meter.CreateObservableCounter("concurrency.executor.work_items", ObserveWorkItems, "{work_item}", "Work items that ended, by outcome.");
        _meter.CreateObservableUpDownCounter("concurrency.executor.worker.count", ObserveWorkers, "{worker}", "Workers, by state.");
        _meter.CreateObservableUpDownCounter("concurrency.executor.worker.max", ObserveMaxWorkers, "{worker}", "The most workers that may be busy at once.");
        _meter.CreateObservableUpDownCounter("concurrency.executor.queue.length", ObserveQueue, "{work_item}", "Work items waiting for a worker.");
    }

    /// <summary>The process-wide instance executors use unless their options name another.</summary>
    public static ExecutorMetrics Shared => s_shared.Value;

    internal Meter Meter => _meter;

    internal Histogram<double> Duration { get; }

    internal Histogram<double> QueueDuration { get; }

    /// <summary>Disposes the meter when this instance created it; a factory's meters are disposed with the factory.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    internal void Register(ExecutorMonitor executor) => _executors.TryAdd(executor, 0);

    internal void Unregister(ExecutorMonitor executor) => _executors.TryRemove(executor, out _);

    private IEnumerable<Measurement<long>> ObserveWorkItems()
    {
        foreach (var executor in _executors.Keys)
        {
            if (executor.Counters is not { } counters)
            {
                continue;
            }

            long executed = counters.Executed;
            long failures = counters.Failures;
            long interrupted = counters.Interrupted;
            yield return executor.Measure(executed - failures - interrupted, "outcome", "completed");
            yield return executor.Measure(failures, "outcome", "faulted");
            yield return executor.Measure(interrupted, "outcome", "interrupted");
            yield return executor.Measure(counters.Canceled, "outcome", "canceled");
            yield return executor.Measure(counters.Rejected, "outcome", "rejected");
        }
    }

    private IEnumerable<Measurement<long>> ObserveWorkers()
    {
        foreach (var executor in _executors.Keys)
        {
            if (executor.State() is { } state)
            {
                yield return executor.Measure(state.IdleWorkers, "state", "idle");
                yield return executor.Measure(state.BusyWorkers, "state", "busy");
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveMaxWorkers() =>
        _executors.Keys.Select(executor => executor.Measure(executor.MaxWorkers));

    private IEnumerable<Measurement<long>> ObserveQueue()
    {
        foreach (var executor in _executors.Keys)
        {
            if (executor.State() is { } state)
            {
                yield return executor.Measure(state.Queued);
            }
        }
    }
}
