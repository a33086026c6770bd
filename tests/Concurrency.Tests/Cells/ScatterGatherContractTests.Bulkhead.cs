using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Reporting;
using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Cells;

/// <summary>The per-cell bulkhead on manual clocks (issue 14); the real-server experiment is in HungCellExperimentTests.</summary>
public abstract partial class ScatterGatherContractTests
{
    [Fact]
    public async Task AllCellsAsync_CellHungFromAnEarlierCall_IsAnsweredAtOnceWithTheReasonWithoutTakingAWorker()
    {
        var observed = new ObservedExecutor(Executor(maxWorkers: 4));
        var bulkheadClock = new ManualTimeProvider();
        var bulkhead = new CellBulkhead(new CellBulkheadOptions { TimeProvider = bulkheadClock });
        var hung = new HungCell(Databases.Create("hung"));
        Cell[] cells = [Databases.Create("fine", "h"), hung.Cell];
        var options = Options(observed);
        options.Bulkhead = bulkhead;

        var first = await hung.GatherWhileItHangsAsync(cells, options, Clock);
        int submittedBefore = observed.Submitted.Count;
        var second = await ScatterGather.AllCellsAsync(cells, hung.Query, options).Within();

        first["hung"].LeftRunning.Should().BeTrue();
        second["fine"].Value.Should().Be(1);
        second["hung"].Outcome.Should().Be(CellOutcome.DidNotRespond);
        second["hung"].Reason.Should().StartWith($"did not respond: still running from an earlier call since {bulkheadClock.GetUtcNow():O}");
        second["hung"].ToString().Should().Contain("did not respond: still running from an earlier call since");
        observed.Submitted.Count.Should().Be(submittedBefore + 1, "only the healthy cell's call was submitted");
        bulkhead.GetCellStates().Should().ContainSingle().Which.Should().Match<CellHealth>(state => state.IsHung && state.LeftRunning == 1 && state.AnsweredAtOnce == 1);
        Logs.Entries.Should().Contain(entry => entry.EventId.Id == 106 && entry.Message.Contains("cell hung"));
        hung.Release();
        await first.LeftRunningEnded.Within();
        bulkhead.GetCellStates().Single().IsHung.Should().BeFalse("its call left running has ended");
        (await ScatterGather.AllCellsAsync(cells, hung.Query, options).Within())["hung"].Outcome.Should().Be(CellOutcome.Responded);
    }

    [Fact]
    public async Task AllCellsAsync_HungCellAfterAProbeInterval_GetsOneProbeAndIsBackAsSoonAsItAnswers()
    {
        var executor = Executor(maxWorkers: 4);
        var bulkheadClock = new ManualTimeProvider();
        var bulkhead = new CellBulkhead(new CellBulkheadOptions { TimeProvider = bulkheadClock, ProbeInterval = TimeSpan.FromSeconds(5) });
        var hung = new HungCell(Databases.Create("flaky"));
        Cell[] cells = [hung.Cell];
        var options = Options(executor);
        options.Bulkhead = bulkhead;
        var first = await hung.GatherWhileItHangsAsync(cells, options, Clock);

        bulkheadClock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        (await ScatterGather.AllCellsAsync(cells, hung.Query, options).Within())[0].AnsweredAtOnce.Should().BeTrue("the interval has not passed");
        bulkheadClock.Advance(TimeSpan.FromTicks(1));
        hung.AnswerFromNowOn();
        var probe = await ScatterGather.AllCellsAsync(cells, hung.Query, options).Within();
        var afterProbe = await ScatterGather.AllCellsAsync(cells, hung.Query, options).Within();

        probe[0].Outcome.Should().Be(CellOutcome.Responded, "the probe is a real call");
        afterProbe[0].Outcome.Should().Be(CellOutcome.Responded, "the cell came back when the probe answered, before its old call ended");
        bulkhead.GetCellStates().Single().Should().Match<CellHealth>(state => state.Probes == 1 && !state.IsHung && state.LeftRunning == 1);
        Logs.Entries.Should().Contain(entry => entry.EventId.Id == 107 && entry.Message.Contains("a call answered"));
        hung.Release();
        await first.LeftRunningEnded.Within();
    }

    [Fact]
    public async Task AllCellsAsync_ProbesThatHangToo_StopAtTheCapHoweverManyGathersFollow()
    {
        var executor = Executor(maxWorkers: 8);
        var bulkheadClock = new ManualTimeProvider();
        var bulkhead = new CellBulkhead(new CellBulkheadOptions { TimeProvider = bulkheadClock, ProbeInterval = TimeSpan.FromSeconds(1) });
        var hung = new HungCell(Databases.Create("frozen"));
        Cell[] cells = [hung.Cell];
        var options = Options(executor);
        options.Bulkhead = bulkhead;
        var gathers = new List<CellResults<int>> { await hung.GatherWhileItHangsAsync(cells, options, Clock) };

        for (int round = 0; round < 5; round++)
        {
            bulkheadClock.Advance(TimeSpan.FromSeconds(1));
            var gather = ScatterGather.AllCellsAsync(cells, hung.Query, options);
            if (!gather.IsCompleted && await hung.WaitForCallAsync(round + 2, gather))
            {
                Clock.Advance(Timeout);
            }

            gathers.Add(await gather.Within());
        }

        var state = bulkhead.GetCellStates().Single();
        state.LeftRunning.Should().Be(bulkhead.MaxLeftRunningPerCell + 1, "one call left running plus one probe, not one per gather");
        state.Probes.Should().Be(1);
        executor.GetPoolState().BusyWorkers.Should().Be(2);
        gathers.Skip(2).Should().OnlyContain(results => results[0].AnsweredAtOnce);
        hung.Release();
        await Task.WhenAll(gathers.Select(results => results.LeftRunningEnded)).Within();
        executor.GetPoolState().BusyWorkers.Should().Be(0);
    }

    [Fact]
    public async Task AllCellsAsync_CallsLeftRunning_AreInTheMetricsPerPoolAndCell()
    {
        var executor = Executor(maxWorkers: 2);
        using var metrics = new MetricsRecorder(null, executor.Name);
        var hung = new HungCell(Databases.Create("metered"));
        var options = Options(executor);

        var first = await hung.GatherWhileItHangsAsync([hung.Cell], options, Clock);

        metrics.ObserveOne("concurrency.scatter_gather.cell.left_running", "cell.id", "metered").Should().Be(1);
        CellBulkhead.Of(executor).GetCellStates().Single().LeftRunning.Should().Be(1, "the executor's own bulkhead is the default");
        hung.Release();
        await first.LeftRunningEnded.Within();
        metrics.ObserveOne("concurrency.scatter_gather.cell.left_running", "cell.id", "metered").Should().Be(0);
    }

    [Fact]
    public async Task AllCellsAsync_BulkheadNone_EveryCallRunsAsBefore()
    {
        var observed = new ObservedExecutor(Executor(maxWorkers: 4));
        var hung = new HungCell(Databases.Create("unguarded"));
        var options = Options(observed);
        options.Bulkhead = CellBulkhead.None;
        var first = await hung.GatherWhileItHangsAsync([hung.Cell], options, Clock);

        var second = ScatterGather.AllCellsAsync([hung.Cell], hung.Query, options);
        (await hung.WaitForCallAsync(2, second)).Should().BeTrue("the call runs although the cell is hung");
        Clock.Advance(Timeout);

        (await second.Within())[0].LeftRunning.Should().BeTrue();
        CellBulkhead.None.GetCellStates().Should().BeEmpty();
        hung.Release();
        await first.LeftRunningEnded.Within();
    }

    /// <summary>A cell whose calls ignore their token until released, as a frozen server's driver does.</summary>
    private sealed class HungCell(Cell cell)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private int _calls;
        private volatile bool _answer;

        public Cell Cell { get; } = cell;

        public async Task<int> Query(CellContext context)
        {
            if (context.Cell != Cell || _answer)
            {
                return 1;
            }

            lock (_gate)
            {
                _calls++;
            }

            await _release.Task;
            return 1;
        }

        private int Calls
        {
            get
            {
                lock (_gate)
                {
                    return _calls;
                }
            }
        }

        public void Release() => _release.TrySetResult();

        public void AnswerFromNowOn() => _answer = true;

        /// <summary>Waits until the cell has had <paramref name="calls"/> calls, or the gather ended without one; true for the call.</summary>
        public async Task<bool> WaitForCallAsync(int calls, Task gather)
        {
            await Eventually.Until(() => Calls >= calls || gather.IsCompleted, "the call or the gather's end must come");
            return Calls >= calls;
        }

        /// <summary>Runs a gather in which this cell's call hangs past the timeout and is left running.</summary>
        public async Task<CellResults<int>> GatherWhileItHangsAsync(Cell[] cells, ScatterGatherOptions options, ManualTimeProvider clock)
        {
            int before = Calls;
            var gather = ScatterGather.AllCellsAsync(cells, Query, options);
            (await WaitForCallAsync(before + 1, gather)).Should().BeTrue();

            // The other cells answer at once, but on a loaded machine not necessarily before this line: wait until
            // only this cell's calls hold workers, so the timeout leaves none of theirs running.
            await Eventually.Until(() => options.Executor!.GetPoolState().BusyWorkers <= Calls, "the healthy cells answer at once");

            clock.Advance(options.Timeout);
            var results = await gather.Within();
            results[Cell.Id].LeftRunning.Should().BeTrue();
            return results;
        }
    }
}
