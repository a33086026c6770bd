using System.Threading.Channels;
using Concurrency.Tests.Infrastructure;
using Concurrency.PeriodicWork;
using Concurrency.Testing;

namespace Concurrency.Tests.PeriodicWork;

/// <summary>The periodic worker on a manual clock: every run is observed through a channel, never by waiting for time.</summary>
public sealed class PeriodicWorkerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly Channel<string> _runs = Channel.CreateUnbounded<string>();
    private readonly List<PeriodicFailure> _failures = [];
    private PeriodicWorker _worker = null!;

    public Task InitializeAsync()
    {
        _worker = new PeriodicWorker(options: Options());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _worker.StopAsync().Within();

    [Fact]
    public async Task Start_LastStartedStrategy_RunsEverySpacingAndSchedulesFromTheStart()
    {
        var callback = _worker.Add("heartbeat", Record("heartbeat"), TimeSpan.FromSeconds(2));
        _worker.Start();

        _clock.Advance(TimeSpan.FromSeconds(2));
        (await NextRunAsync()).Should().Be("heartbeat");
        await Eventually.Until(() => callback.Runs == 1 && callback.NextRunAt == 4.0, "the condition must come true");
        _clock.Advance(TimeSpan.FromSeconds(2));
        (await NextRunAsync()).Should().Be("heartbeat");
        await Eventually.Until(() => callback.Runs == 2, "the condition must come true");

        (callback.Successes, callback.Failures, callback.StopRequested).Should().Be((2L, 0L, false));
    }

    [Fact]
    public async Task Start_RunImmediately_RunsWithoutWaitingForTheSpacing()
    {
        _worker.Add("eager", Record("eager"), TimeSpan.FromSeconds(60), runImmediately: true);
        _worker.Start();

        (await NextRunAsync()).Should().Be("eager");
    }

    [Fact]
    public async Task NeverAgain_WithAutoStopWhenEmpty_RunsOnceCountsASuccessAndTheWorkerStopsByItself()
    {
        var callback = _worker.Add("once", new Action<CancellationToken>(_ => { _runs.Writer.TryWrite("once"); throw new NeverAgainException(); }), TimeSpan.FromSeconds(1), runImmediately: true);
        _worker.Start(autoStopWhenEmpty: true);

        await _worker.Completion.Within();

        (callback.Runs, callback.Successes, callback.StopRequested).Should().Be((1L, 1L, true));
    }

    [Fact]
    public async Task Callback_Throws_OnFailureGetsCallbackKindSpacingAndErrorAndTheScheduleGoesOn()
    {
        int calls = 0;
        var callback = _worker.Add("flaky", new Action<CancellationToken>(_ =>
        {
            _runs.Writer.TryWrite("flaky");
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("first run fails");
            }
        }), TimeSpan.FromSeconds(3), runImmediately: true);
        _worker.Start();

        await NextRunAsync();
        await Eventually.Until(() => callback.Failures == 1, "the condition must come true");
        _clock.Advance(TimeSpan.FromSeconds(3));
        await NextRunAsync();
        await Eventually.Until(() => callback.Successes == 1, "the condition must come true");

        var failure = _failures.Should().ContainSingle().Which;
        (failure.Callback, failure.Kind, failure.Spacing, failure.Error.Message).Should().Be((callback, PeriodicFailureKind.Run, TimeSpan.FromSeconds(3), "first run fails"));
    }

    [Fact]
    public async Task Enabled_FalseThenTrue_SkippedWhileDisabledThenRunsOneSpacingLater()
    {
        var callback = _worker.Add("toggled", Record("toggled"), TimeSpan.FromSeconds(2), runImmediately: true, enabled: false);
        _worker.Add("marker", Record("marker"), TimeSpan.FromSeconds(5));
        _worker.Start();

        _clock.Advance(TimeSpan.FromSeconds(5));
        (await NextRunAsync()).Should().Be("marker", "the disabled callback never ran");
        callback.Enabled = true;
        _clock.Advance(TimeSpan.FromSeconds(2));
        (await NextRunAsync()).Should().Be("toggled");
    }

    [Fact]
    public async Task Add_WhileRunning_TheNewCallbackIsScheduled()
    {
        _worker.Start(allowEmpty: true);

        _worker.Add("late", Record("late"), TimeSpan.FromSeconds(1), runImmediately: true);

        (await NextRunAsync()).Should().Be("late");
    }

    [Fact]
    public async Task Submission_Refused_IsReportedAndRetriedAfterTheRetryDelay()
    {
        var executor = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "periodic.busy", MaxWorkers = 1, MaxBacklog = 0 });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = executor.Submit(async _ => { started.SetResult(); await gate.Task; });
        await started.Task.Within();
        await using var worker = new PeriodicWorker(executor, Options());
        worker.Add("patient", Record("patient"), TimeSpan.FromSeconds(30), runImmediately: true);

        worker.Start();
        await Eventually.Until(() => _failures.Count == 1, "the condition must come true");
        gate.SetResult();
        await holder.Within();
        _clock.Advance(TimeSpan.FromSeconds(1));

        (await NextRunAsync()).Should().Be("patient");
        _failures[0].Kind.Should().Be(PeriodicFailureKind.Submit);
        _failures[0].Error.Should().BeOfType<RejectedExecutionException>();
        await worker.StopAsync().Within();
        executor.IsAlive.Should().BeTrue("an executor the worker was given is not the worker's to shut down");
        await executor.ShutdownAsync().Within();
    }

    [Fact]
    public async Task StopAsync_Running_StopsAndTheWorkerCannotStartTwiceWhileRunning()
    {
        _worker.Add("any", Record("any"), TimeSpan.FromSeconds(1));
        _worker.Start();

        FluentActions.Invoking(() => _worker.Start()).Should().Throw<InvalidOperationException>().WithMessage("*already been started*");
        await _worker.StopAsync().Within();
        _worker.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task Reset_AfterStop_ClearsTheWatchersAndTheWorkerStartsAgain()
    {
        var callback = _worker.Add("again", Record("again"), TimeSpan.FromSeconds(1), runImmediately: true);
        _worker.Start();
        await NextRunAsync();
        await Eventually.Until(() => callback.Runs == 1, "the condition must come true");
        await _worker.StopAsync().Within();

        FluentActions.Invoking(() => _worker.Reset()).Should().NotThrow();
        callback.Runs.Should().Be(0);
        _worker.Start();
        (await NextRunAsync()).Should().Be("again");
    }

    [Fact]
    public void Start_NoCallbacks_ThrowsUnlessAllowed() =>
        FluentActions.Invoking(() => _worker.Start()).Should().Throw<InvalidOperationException>().WithMessage("*no callbacks*allowEmpty*");

    [Fact]
    public async Task FromObject_PeriodicMethods_AreDiscoveredWithTheirSettings()
    {
        var target = new Maintenance(_runs.Writer);
        await using var worker = PeriodicWorker.FromObject(target, options: Options());

        worker.Callbacks.Select(c => (c.Name, c.Spacing, c.RunImmediately, c.Enabled)).Should().Equal(
            (nameof(Maintenance.Disabled), TimeSpan.FromSeconds(1), false, false),
            (nameof(Maintenance.Heal), TimeSpan.FromSeconds(10), true, true),
            (nameof(Maintenance.ReportAsync), TimeSpan.FromSeconds(2), false, true));
        worker.Start();
        (await NextRunAsync()).Should().Be("heal");
        worker.FormatWatchers().Should().Contain("Heal").And.Contain("ReportAsync").And.Contain("stop requested");
    }

    [Fact]
    public void FromObject_BadSignature_ThrowsNamingTheMethodAndTheAcceptedSignatures() =>
        FluentActions.Invoking(() => PeriodicWorker.FromObject(new BadSignature())).Should().Throw<ArgumentException>()
            .WithMessage("Periodic method BadSignature.Compute has a signature that is not accepted: use void or Task*");

    [Fact]
    public async Task Start_OneSpacingLongerThanATimerHolds_TheOtherCallbacksKeepRunning()
    {
        using var hold = new SemaphoreSlim(0);
        var slow = _worker.Add("quarterly", Record("quarterly"), TimeSpan.FromDays(60));

        // While the heartbeat runs, the quarterly callback is the only one the worker waits for.
        var fast = _worker.Add("heartbeat", async _ => { _runs.Writer.TryWrite("heartbeat"); await hold.WaitAsync(); }, TimeSpan.FromSeconds(2));
        _worker.Start();

        for (int run = 1; run <= 3; run++)
        {
            _clock.Advance(TimeSpan.FromSeconds(2));
            (await NextRunAsync()).Should().Be("heartbeat");
            hold.Release();
            await Eventually.Until(() => fast.Successes == run && !fast.IsRunning, "the condition must come true");
        }

        slow.Runs.Should().Be(0);
        slow.NextRunAt.Should().Be(TimeSpan.FromDays(60).TotalSeconds);
        _failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Runs_WhileARunIsInProgress_CountsItAsStartedButNotEnded()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callback = _worker.Add("slow", async _ => { _runs.Writer.TryWrite("slow"); await release.Task; }, TimeSpan.FromSeconds(1));
        _worker.Start();

        _clock.Advance(TimeSpan.FromSeconds(1));
        (await NextRunAsync()).Should().Be("slow");

        callback.Runs.Should().Be(1);
        (callback.Successes + callback.Failures).Should().Be(0);
        release.SetResult();
        await Eventually.Until(() => callback.Successes == 1, "the condition must come true");
        callback.Runs.Should().Be(1);
    }

    private PeriodicWorkerOptions Options() => new() { TimeProvider = _clock, OnFailure = failure => { lock (_failures) { _failures.Add(failure); } } };

    private Action<CancellationToken> Record(string name) => _ => _runs.Writer.TryWrite(name);

    private async Task<string> NextRunAsync() => await _runs.Reader.ReadAsync().AsTask().Within();


    private sealed class Maintenance(ChannelWriter<string> runs)
    {
        [Periodic(10, RunImmediately = true)]
        public void Heal() => runs.TryWrite("heal");

        [Periodic(2)]
        public Task ReportAsync(CancellationToken cancellationToken) => runs.WriteAsync("report", cancellationToken).AsTask();

        [Periodic(1, Enabled = false)]
        public void Disabled() => runs.TryWrite("disabled");
    }

    private sealed class BadSignature
    {
        private readonly int _offset = 1;

        [Periodic(1)]
        public int Compute(int value) => value + _offset;
    }
}
