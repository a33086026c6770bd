using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Reporting;
using Microsoft.Extensions.Logging;
using Concurrency.Testing;

namespace Concurrency.Tests.Cooperative;

/// <summary>
/// Loop time lost to blocking slices under the watchdog's threshold: counted as busy time, in the metrics, and
/// reported once the loop is saturated. Slices "block" by moving a manual clock, so nothing sleeps.
/// </summary>
public sealed class LoopSaturationTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly LoopMetrics _metrics = new();
    private ILoggerFactory _loggerFactory = null!;
    private CooperativeLoop _loop = null!;
    private IExecutor _executor = null!;

    public Task InitializeAsync()
    {
        _loggerFactory = _logs.CreateFactory();
        _loop = new CooperativeLoop(new CooperativeLoopOptions
        {
            Name = "saturated-loop",
            TimeProvider = _clock,
            LoggerFactory = _loggerFactory,
            SlowSliceThreshold = TimeSpan.FromMilliseconds(100),
            LoopMetrics = _metrics,
        });
        _executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "saturating", Loop = _loop, TimeProvider = _clock });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        await _loop.DisposeAsync().AsTask().Within();
        _loggerFactory.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task BusyTime_ShortBlockingSlices_AddUpThoughNoneIsSlow()
    {
        using var recorder = new MetricsRecorder(_metrics.Meter, "saturated-loop", tagKey: "loop.name");

        await RunQueuedAsync(items: 20, each: TimeSpan.FromMilliseconds(20));

        _loop.BusyTime.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
        _loop.SlowSlices.Should().Be(0, "no slice crossed the 100 ms threshold");
        recorder.ObserveOne("concurrency.loop.busy.time").Should().BeApproximately(_loop.BusyTime.TotalSeconds, 0.001);
        recorder.ObserveOne("concurrency.loop.slow_slices").Should().Be(0);
        recorder.ObserveOne("concurrency.loop.in_flight").Should().Be(0, "every submission ended");
        _logs.Entries.Should().NotContain(entry => entry.EventId.Id == 8, "2% of the first 10 s is not saturation");
    }

    [Fact]
    public async Task Saturated_BusyMostOfTheWindowWithWorkWaiting_WarnsNamingTheLoopAndTheShare()
    {
        await RunQueuedAsync(items: 300, each: TimeSpan.FromMilliseconds(40));

        var warning = _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 8, "12 s of 40 ms slices fill one 10 s window").Which;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().StartWith("Cooperative loop saturated-loop is saturated: it ran slices 100% of the last 10 s while")
            .And.Contain("no single slice need cross the 100 ms threshold");
        _loop.SlowSlices.Should().Be(0);
    }

    /// <summary>Queues every item behind a gate first, so the loop always has work waiting while they run.</summary>
    private async Task RunQueuedAsync(int items, TimeSpan each)
    {
        using var gate = new ManualResetEventSlim();
        var first = _executor.Submit(_ => gate.Wait());
        var all = Enumerable.Range(0, items).Select(_ => _executor.Submit(_ => _clock.Advance(each))).ToList();
        gate.Set();
        await Task.WhenAll([first, .. all]).Within();
    }
}
