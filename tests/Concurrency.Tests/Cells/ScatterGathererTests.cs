using Concurrency.Cells;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Concurrency.Tests.Reporting;
using Concurrency.Testing;

namespace Concurrency.Tests.Cells;

/// <summary>A gatherer's own settings, statistics, rate-limited warnings and metrics, on real SQLite cells.</summary>
public sealed class ScatterGathererTests : IAsyncLifetime
{
    private readonly SqliteCells _databases = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly RecordingLoggerProvider _logs = new();
    private IExecutor _executor = null!;

    public Task InitializeAsync()
    {
        _executor = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = $"gatherer-{Guid.NewGuid():N}", MaxWorkers = 1 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        _databases.Dispose();
    }

    [Fact]
    public async Task AllCellsAsync_CallWithoutOptions_UsesTheGatherersExecutorLoggerAndTimeout()
    {
        using var factory = _logs.CreateFactory();
        var gatherer = new ScatterGatherer(new ScatterGatherOptions { Executor = _executor, Logger = factory.CreateLogger("cells"), TimeProvider = _clock, Timeout = TimeSpan.FromSeconds(3) });
        var hold = await HoldTheOnlyWorkerAsync();

        var gather = gatherer.AllCellsAsync([_databases.Create("queued", "h")], CountHostsAsync);
        _clock.Advance(TimeSpan.FromSeconds(2));
        gather.IsCompleted.Should().BeFalse("the gatherer's timeout is 3 s, not the default 60 s, and 2 s have passed");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var results = await gather.Within();
        hold.SetResult();

        results[0].Outcome.Should().Be(CellOutcome.DidNotRespond);
        _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 102).Which.Message.Should().Contain(_executor.Name);
        gatherer.GetStatistics().Should().Be(new ScatterGatherStatistics(Calls: 1, Cells: 1, Responded: 0, Failed: 0, DidNotRespond: 1, LeftRunning: 0, StillRunning: 0));
    }

    [Fact]
    public async Task AllCellsAsync_CallsOwnOptions_WinOverTheGatherers()
    {
        var gatherer = new ScatterGatherer(new ScatterGatherOptions { Executor = _executor, TimeProvider = _clock, Timeout = TimeSpan.FromSeconds(30) });
        var hold = await HoldTheOnlyWorkerAsync();

        var gather = gatherer.AllCellsAsync([_databases.Create("queued", "h")], CountHostsAsync, new ScatterGatherOptions { TimeProvider = _clock, Timeout = TimeSpan.FromSeconds(1) });
        _clock.Advance(TimeSpan.FromSeconds(1));
        var results = await gather.Within();
        hold.SetResult();

        results[0].Outcome.Should().Be(CellOutcome.DidNotRespond, "the call's 1 s timeout wins over the gatherer's 30 s, and the gatherer's executor is still used");
    }

    [Fact]
    public async Task AllCellsAsync_SameCellKeepsNotResponding_OneWarningPerTenSecondsWithTheCountHeldBack()
    {
        using var factory = _logs.CreateFactory();
        var gatherer = new ScatterGatherer(new ScatterGatherOptions { Executor = _executor, Logger = factory.CreateLogger("cells"), TimeProvider = _clock, Timeout = TimeSpan.FromSeconds(1) });
        var hold = await HoldTheOnlyWorkerAsync();
        var cell = _databases.Create("slow", "h");

        for (int i = 0; i < 3; i++)
        {
            var gather = gatherer.AllCellsAsync([cell], CountHostsAsync);
            _clock.Advance(TimeSpan.FromSeconds(1));
            (await gather.Within())[0].Outcome.Should().Be(CellOutcome.DidNotRespond);
        }

        _clock.Advance(TimeSpan.FromSeconds(10));
        var later = gatherer.AllCellsAsync([cell], CountHostsAsync);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await later.Within();
        hold.SetResult();

        var warnings = _logs.Entries.Where(entry => entry.EventId.Id == 102).Select(entry => entry.Message).ToList();
        warnings.Should().HaveCount(2, "four did-not-respond answers for one cell within 13 s are two warnings");
        warnings[0].Should().EndWith("(0 more did-not-respond warnings for this cell in the last 10 s were not logged)");
        warnings[1].Should().EndWith("(2 more did-not-respond warnings for this cell in the last 10 s were not logged)");
        gatherer.GetStatistics().DidNotRespond.Should().Be(4, "a warning held back is still counted");
    }

    [Fact]
    public async Task AllCellsAsync_EveryOutcome_IsRecordedInTheScatterGatherInstruments()
    {
        using var metrics = new ScatterGatherMetrics();
        using var recorder = new MetricsRecorder(metrics.Meter, _executor.Name);
        var gatherer = new ScatterGatherer(new ScatterGatherOptions { Executor = _executor, Metrics = metrics, TimeProvider = _clock, Timeout = TimeSpan.FromSeconds(1) });
        Cell[] cells = [_databases.Create("ok", "h1", "h2"), _databases.Missing("broken")];

        var results = await gatherer.AllCellsAsync(cells, CountHostsAsync).Within();
        var hold = await HoldTheOnlyWorkerAsync();
        var late = gatherer.AllCellsAsync([_databases.Create("late", "h")], CountHostsAsync);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await late.Within();
        hold.SetResult();

        results.Select(result => result.Outcome).Should().Equal(CellOutcome.Responded, CellOutcome.Failed);
        recorder.Recorded("concurrency.scatter_gather.calls").Sum(m => m.Value).Should().Be(2);
        Cells("responded").Should().Be(1);
        Cells("failed").Should().Be(1);
        Cells("did_not_respond").Should().Be(1);
        recorder.Recorded("concurrency.scatter_gather.cell.duration").Select(m => m.Tags["outcome"]).Should().Contain(["responded", "failed"]);
        recorder.ObserveOne("concurrency.scatter_gather.cell.still_running").Should().Be(0);

        double Cells(string outcome) =>
            recorder.Recorded("concurrency.scatter_gather.cells").Where(m => Equals(m.Tags["outcome"], outcome)).Sum(m => m.Value);
    }

    private static async Task<int> CountHostsAsync(CellContext context) =>
        (await context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct))).Count;

    /// <summary>Holds the executor's one worker until the returned source is completed, so later calls queue.</summary>
    private async Task<TaskCompletionSource> HoldTheOnlyWorkerAsync()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = _executor.Submit(async _ => { started.SetResult(); await release.Task; });
        await started.Task.Within();
        return release;
    }
}
