using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;

namespace Concurrency.Tests.Reporting;

/// <summary>The instruments, read by a real MeterListener, against known workloads on each backend.</summary>
public abstract class ExecutorMetricsTests(BackendUnderTest backend, string backendName) : IAsyncLifetime
{
    private readonly ExecutorMetrics _metrics = new();
    private readonly string _name = $"metrics-{Guid.NewGuid():N}";
    private IExecutor _executor = null!;
    private MetricsRecorder _recorder = null!;

    public Task InitializeAsync()
    {
        _recorder = new MetricsRecorder(null, _name);
        _executor = backend.Create(new ExecutorOptions { Name = _name, MaxWorkers = 1, MaxBacklog = 2, Metrics = _metrics });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        await backend.StopAsync();
        _recorder.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task WorkItems_KnownWorkload_CountedByOutcomeFromTheSameCountersAsTheStatistics()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var holder = _executor.Submit(async _ => { started.SetResult(); await gate.Task; });
        await started.Task.Within();
        var canceled = _executor.Submit(_ => 0, cancel.Token);
        var faulted = _executor.Submit(new Func<CancellationToken, int>(_ => throw new InvalidOperationException("boom")));
        FluentActions.Invoking(() => { _ = _executor.Submit(_ => 0); }).Should().Throw<RejectedExecutionException>();

        _recorder.ObserveOne("concurrency.executor.worker.count", "state", "busy").Should().Be(1);
        _recorder.ObserveOne("concurrency.executor.queue.length").Should().Be(2);
        _recorder.ObserveOne("concurrency.executor.worker.max").Should().Be(1);
        await cancel.CancelAsync();
        gate.SetResult();
        await holder.Within();
        await FluentActions.Awaiting(() => canceled.Within()).Should().ThrowAsync<OperationCanceledException>();
        await FluentActions.Awaiting(() => faulted.Within()).Should().ThrowAsync<InvalidOperationException>();
        await _executor.Submit(_ => 1).Within();

        _recorder.ObserveOne("concurrency.executor.work_items", "outcome", "completed").Should().Be(2);
        _recorder.ObserveOne("concurrency.executor.work_items", "outcome", "faulted").Should().Be(1);
        _recorder.ObserveOne("concurrency.executor.work_items", "outcome", "canceled").Should().Be(1);
        _recorder.ObserveOne("concurrency.executor.work_items", "outcome", "rejected").Should().Be(1);
        _recorder.ObserveOne("concurrency.executor.work_items", "outcome", "interrupted").Should().Be(0);
        var statistics = _executor.GetStatistics();
        (statistics.Executed, statistics.Failures, statistics.Canceled, statistics.Rejected).Should().Be((3L, 1L, 1L, 1L));
        _recorder.Observe("concurrency.executor.worker.max").Should().OnlyContain(m => Equals(m.Tags["executor.backend"], backendName));
    }

    [Fact]
    public async Task Histograms_EachRunWorkItem_RecordsItsDurationAndQueueWaitInSeconds()
    {
        for (int i = 0; i < 3; i++)
        {
            await _executor.Submit(_ => i).Within();
        }

        _recorder.Recorded("concurrency.executor.work_item.duration").Should().HaveCount(3).And.OnlyContain(m => m.Value >= 0 && m.Value < 30);
        _recorder.Recorded("concurrency.executor.work_item.queue.duration").Should().HaveCount(3);
    }

    [Fact]
    public async Task Instruments_AfterShutdown_NoLongerReportTheExecutor()
    {
        await _executor.ShutdownAsync().Within();

        _recorder.Observe("concurrency.executor.worker.max").Should().BeEmpty();
    }

    [Fact]
    public async Task MetricListener_Throws_WorkStillCompletesAndTheFailureIsCounted()
    {
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "concurrency.executor.work_item.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            // Only this test's executor, so executors of tests running alongside are not disturbed.
            foreach (var tag in tags)
            {
                if (tag.Key == "executor.name" && Equals(tag.Value, _name))
                {
                    throw new InvalidOperationException("exporter down");
                }
            }
        });
        listener.Start();

        var result = await _executor.Submit(_ => 5).Within();

        result.Should().Be(5);
        ((PooledExecutor)_executor).Monitor.ReportingFailures.Should().BeGreaterThan(0);
    }
}

public sealed class ThreadedMetricsTests() : ExecutorMetricsTests(new ThreadedUnderTest(), ConcurrencyBackend.Threaded);

public sealed class CooperativeMetricsTests() : ExecutorMetricsTests(new CooperativeUnderTest("metrics-loop"), ConcurrencyBackend.Cooperative);
