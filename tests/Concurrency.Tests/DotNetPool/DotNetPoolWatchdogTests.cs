using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Concurrency.Testing;

namespace Concurrency.Tests.DotNetPool;

/// <summary>
/// The watchdog on a manual clock, its probes held by the test: a probe runs when the test says, so a stall is exactly
/// as long as the clock was advanced meanwhile.
/// </summary>
public sealed class DotNetPoolWatchdogTests : IDisposable
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Interval = Threshold / 4;

    private readonly ManualTimeProvider _clock = new();
    private readonly ConcurrentQueue<Action> _queued = new();
    private readonly ILoggerFactory _loggers;
    private readonly RecordingLoggerProvider _logs;
    private readonly DotNetPoolWatchdog _watchdog;

    public DotNetPoolWatchdogTests()
    {
        _loggers = RecordingLoggerProvider.CreateFactory(out _logs);
        _watchdog = new DotNetPoolWatchdog(
            new DotNetPoolWatchdogOptions
            {
                Threshold = Threshold,
                Logger = _loggers.CreateLogger("dotnet-pool"),
                TimeProvider = _clock,
                MinThreadsSetting = "Concurrency:DotNetPoolMinThreads",
            },
            (probe, watchdog) => _queued.Enqueue(() => probe(watchdog)));
    }

    private IEnumerable<RecordingLoggerProvider.LogEntry> Warnings => _logs.Entries.Where(entry => entry.EventId.Id == 501);

    [Fact]
    public void Probe_RunsAsSoonAsQueued_RecordsNoDelayAndNoWarning()
    {
        _clock.Advance(Interval);
        RunQueuedProbe();

        _watchdog.LastQueueDelay.Should().Be(TimeSpan.Zero);
        _watchdog.Stalls.Should().Be(0);
        Warnings.Should().BeEmpty();
        _clock.ActiveTimers.Should().Be(1, "the next probe is due");
    }

    [Fact]
    public void Probe_WaitingPastTheThreshold_WarnsWithTheDelayThePoolAndTheSetting()
    {
        _clock.Advance(Interval);
        _clock.Advance(TimeSpan.FromMilliseconds(1500));
        RunQueuedProbe();

        _watchdog.LastQueueDelay.Should().Be(TimeSpan.FromMilliseconds(1500));
        _watchdog.MaxQueueDelay.Should().Be(TimeSpan.FromMilliseconds(1500));
        _watchdog.Stalls.Should().Be(1);
        Warnings.Should().ContainSingle().Which.Message.Should()
            .Contain("ran a work item 1500 ms after it was due").And.Contain("raise Concurrency:DotNetPoolMinThreads").And.Contain("minimum");
    }

    [Fact]
    public void Probe_NoneOutstanding_QueuesOnlyOneUntilItRuns()
    {
        _clock.Advance(Interval);
        _clock.Advance(Interval * 10);

        _queued.Should().ContainSingle("a probe is due again only after the last one ran");
        RunQueuedProbe();
        _watchdog.LastQueueDelay.Should().Be(Interval * 10);
    }

    [Fact]
    public void Probe_StallsWithinTenSeconds_WarnsOnceThenCountsTheOnesHeldBack()
    {
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(Interval);
            _clock.Advance(Threshold * 2);
            RunQueuedProbe();
        }

        _clock.Advance(TimeSpan.FromSeconds(10));
        _clock.Advance(Threshold * 2);
        RunQueuedProbe();

        _watchdog.Stalls.Should().Be(4);
        Warnings.Select(entry => entry.Message).Should().HaveCount(2)
            .And.Subject.Last().Should().Contain("2 more such warnings in the last 10 s were not logged");
    }

    [Fact]
    public void Dispose_ProbeQueuedBefore_RecordsNothingAndArmsNoTimer()
    {
        _clock.Advance(Interval);
        _clock.Advance(Threshold * 3);
        _watchdog.Dispose();
        RunQueuedProbe();

        _watchdog.Stalls.Should().Be(0);
        Warnings.Should().BeEmpty();
        _clock.ActiveTimers.Should().Be(0);
    }

    [Fact]
    public void Probe_Ran_IsRecordedOnTheQueueDelayHistogramInSeconds()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var recorded = new ConcurrentQueue<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "concurrency.dotnet_pool.queue_delay")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Enqueue(value));
        listener.Start();
        using var watchdog = new DotNetPoolWatchdog(
            new DotNetPoolWatchdogOptions { Threshold = Threshold, TimeProvider = _clock, MeterFactory = factory },
            (probe, watchdog) => _queued.Enqueue(() => probe(watchdog)));

        _clock.Advance(Interval);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        while (_queued.TryDequeue(out var probe))
        {
            probe();
        }

        recorded.Should().Contain(0.25);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_ThresholdUnderOneMillisecond_ThrowsNamingTheValueAndTheRange(int milliseconds)
    {
        var threshold = TimeSpan.FromMilliseconds(milliseconds);

        FluentActions.Invoking(() => new DotNetPoolWatchdog(new DotNetPoolWatchdogOptions { Threshold = threshold, TimeProvider = _clock }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"Threshold {threshold} is not accepted: use 1 ms to 1 day.*");
    }

    [Fact]
    public async Task Probe_OnTheRealPool_RunsAndMeasuresARealDelay()
    {
        using var watchdog = new DotNetPoolWatchdog(new DotNetPoolWatchdogOptions { Threshold = TimeSpan.FromMilliseconds(4) });

        await Eventually.Until(() => watchdog.LastQueueDelay > TimeSpan.Zero, "a probe ran on the .NET pool, a little after it was due");
        watchdog.MaxQueueDelay.Should().BeGreaterThanOrEqualTo(watchdog.LastQueueDelay);
    }

    private void RunQueuedProbe()
    {
        _queued.TryDequeue(out var probe).Should().BeTrue("a probe was queued");
        probe!();
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        _loggers.Dispose();
    }
}
