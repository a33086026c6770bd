using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Microsoft.Extensions.Logging;
using Concurrency.Testing;

namespace Concurrency.Tests.Reporting;

/// <summary>The statistics lines on Nova's period and the queued-work warning, on each backend.</summary>
public abstract class ExecutorReportingTests(BackendUnderTest backend, string typeName) : IAsyncLifetime
{
    private readonly List<IExecutor> _executors = [];
    private readonly ManualTimeProvider _clock = new();
    private readonly RecordingLoggerProvider _logs = new();
    private ILoggerFactory _logging = null!;

    public Task InitializeAsync()
    {
        _logging = _logs.CreateFactory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var executor in _executors)
        {
            await executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        }

        await backend.StopAsync();
        _logging.Dispose();
    }

    [Fact]
    public async Task StatisticsPeriod_Zero_LogsBothLinesOnEverySubmissionWithFields()
    {
        var executor = Create(TimeSpan.Zero, pool: "scatter-gather", maxWorkers: 2);

        await executor.Submit(_ => 1).Within();
        await executor.Submit(_ => 2).Within();

        var lines = Lines(201, 202);
        lines.Should().HaveCount(4);
        lines[0].Message.Should().MatchRegex(@"^Stats of scatter-gather executor: ExecutorStatistics\(failures=0, executed=[01], runtime=\d+\.\d\d, cancelled=0\)$");
        lines[1].Message.Should().MatchRegex($"^State of scatter-gather {typeName}: max_workers: 2, workers: \\d, idle workers: \\d, queued: 0$");
        lines[2].Message.Should().StartWith("Stats of scatter-gather executor: ExecutorStatistics(failures=0, executed=");
        lines[2].Fields.Should().Contain(new KeyValuePair<string, object?>("Pool", "scatter-gather")).And.ContainKey("Executed").And.ContainKey("Runtime");
        lines[3].Fields.Should().Contain(new KeyValuePair<string, object?>("ExecutorType", typeName)).And.Contain(new KeyValuePair<string, object?>("MaxWorkers", 2));
    }

    [Fact]
    public async Task StatisticsPeriod_Positive_LogsAtMostOncePerPeriod()
    {
        var executor = Create(TimeSpan.FromSeconds(30));

        for (int i = 0; i < 3; i++)
        {
            await executor.Submit(_ => i).Within();
        }

        Lines(201).Should().HaveCount(1);
        _clock.Advance(TimeSpan.FromSeconds(29));
        await executor.Submit(_ => 0).Within();
        Lines(201).Should().HaveCount(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await executor.Submit(_ => 0).Within();
        Lines(201, 202).Should().HaveCount(4);
    }

    [Fact]
    public async Task StatisticsPeriod_Null_LogsNoStatisticsLines()
    {
        var executor = Create(period: null);

        await executor.Submit(_ => 1).Within();

        Lines(201, 202).Should().BeEmpty();
    }

    [Fact]
    public async Task Submit_NoFreeWorker_WarnsOncePerIntervalNamingThePoolAndTheWork()
    {
        var executor = Create(period: null, pool: "cell_worker", maxWorkers: 1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = executor.Submit(async _ => { started.SetResult(); await gate.Task; });
        await started.Task.Within();

        var queued = new[] { executor.Submit(ComputeHostWeights), executor.Submit(ComputeHostWeights), executor.Submit(ComputeHostWeights) };
        _clock.Advance(TimeSpan.FromSeconds(10));
        var later = executor.Submit(ComputeHostWeights);
        gate.SetResult();
        await Task.WhenAll([holder, .. queued, later]).Within();

        var warnings = Lines(203);
        warnings.Should().HaveCount(2);
        warnings[0].Message.Should().Be($"The cell_worker pool has no free worker, so {typeof(ExecutorReportingTests).FullName}.{nameof(ComputeHostWeights)} is queued (1 queued now; all 1 workers busy, raise its MaxWorkers if this pool caps throughput; 0 more such warnings in the last 10 s were not logged)");
        warnings[1].Message.Should().Contain("(4 queued now; all 1 workers busy, raise its MaxWorkers if this pool caps throughput; 2 more such warnings in the last 10 s were not logged)");
        warnings[0].Level.Should().Be(LogLevel.Warning);
    }

    [Fact]
    public async Task Reporting_ExecutorWithoutPoolName_UsesTheExecutorName()
    {
        var executor = Create(TimeSpan.Zero, pool: null);

        await executor.Submit(_ => 1).Within();

        Lines(201).Should().ContainSingle().Which.Message.Should().StartWith($"Stats of {executor.Name} executor:");
    }

    [Fact]
    public async Task Reporting_LoggerThrows_SubmissionStillRunsAndTheFailureIsCounted()
    {
        using var throwing = LoggerFactory.Create(builder => builder.AddProvider(new ThrowingLoggerProvider()));
        var executor = Track(backend.Create(new ExecutorOptions { Name = "noisy", LoggerFactory = throwing, StatisticsPeriod = TimeSpan.Zero, TimeProvider = _clock }));

        var result = await executor.Submit(_ => 42).Within();

        result.Should().Be(42);
        ((PooledExecutor)executor).Monitor.ReportingFailures.Should().Be(1);
    }

    private static int ComputeHostWeights(CancellationToken cancellationToken) => 7;

    private IExecutor Create(TimeSpan? period, string? pool = "default", int maxWorkers = 4) => Track(backend.Create(new ExecutorOptions
    {
        Name = $"proc.{pool ?? "unnamed"}",
        PoolName = pool,
        MaxWorkers = maxWorkers,
        LoggerFactory = _logging,
        StatisticsPeriod = period,
        TimeProvider = _clock,
    }));

    private IExecutor Track(IExecutor executor)
    {
        _executors.Add(executor);
        return executor;
    }

    private List<RecordingLoggerProvider.LogEntry> Lines(params int[] events) => [.. _logs.Entries.Where(entry => events.Contains(entry.EventId.Id))];

    private sealed class ThrowingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ThrowingLogger();

        public void Dispose()
        {
        }

        private sealed class ThrowingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                throw new InvalidOperationException("the log sink is down");
        }
    }
}

public sealed class ThreadedReportingTests() : ExecutorReportingTests(new ThreadedUnderTest(), "ThreadPoolExecutor");

public sealed class CooperativeReportingTests() : ExecutorReportingTests(new CooperativeUnderTest("reporting-loop"), "CooperativeExecutor");
