using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Tests.Infrastructure.Databases;
using Concurrency.Tests.Reliability;
using Microsoft.Extensions.Logging;
using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Cells;

/// <summary>
/// Reporting never fails a scatter-gather call, and a failed cell is reported once, in its result: never again as an
/// unobserved exception (issue 13). Runs alone: it reads process-wide counters and the unobserved-exception event.
/// </summary>
[Collection(ProcessWideStatistics.Name)]
public sealed class ScatterGatherReportingTests : IAsyncLifetime
{
    private readonly SqliteCells _databases = new();
    private readonly CooperativeUnderTest _cooperative = new("reporting-loop");
    private readonly List<IExecutor> _executors = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var executor in _executors)
        {
            await executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        }

        await _cooperative.StopAsync();
        _databases.Dispose();
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task AllCellsAsync_LoggerThrows_ReturnsEveryResultAndStillCancelsAndCountsTheCellLeftRunning(string backend)
    {
        var clock = new ManualTimeProvider();
        var executor = new ObservedExecutor(Executor(backend));
        Cell[] cells = [_databases.Create("ok", "h"), _databases.Missing("broken"), _databases.Create("stuck")];
        var stuckStarted = NewGate();
        var stuckSawCancel = NewGate();
        using var throwing = new ThrowingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(throwing));
        var gatherer = new ScatterGatherer(new ScatterGatherOptions { Executor = executor, TimeProvider = clock, Timeout = TimeSpan.FromSeconds(1), Logger = factory.CreateLogger("cells") });

        var gather = gatherer.AllCellsAsync(cells, async context =>
        {
            if (context.Cell.Id == "stuck")
            {
                stuckStarted.SetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    stuckSawCancel.SetResult();
                    throw;
                }
            }

            return (await context.QueryAsync((connection, ct) => HostQueries.ReadHostsAsync(connection, ct))).Count;
        });
        await stuckStarted.Task.Within();

        // The two other cells' real queries end before the clock reaches the timeout, however loaded the machine is.
        await Task.WhenAll(executor.Submitted[0], executor.Submitted[1].ContinueWith(_ => { }, TaskScheduler.Default)).Within();
        clock.Advance(TimeSpan.FromSeconds(1));
        var results = await gather.Within();

        results.Select(result => result.Outcome).Should().Equal(CellOutcome.Responded, CellOutcome.Failed, CellOutcome.DidNotRespond);
        await stuckSawCancel.Task.Within();
        await results.LeftRunningEnded.Within();
        var after = gatherer.GetStatistics();
        after.LeftRunning.Should().Be(1);
        after.StillRunning.Should().Be(0);
        throwing.Calls.Should().BeGreaterThanOrEqualTo(3, "the failed cell, the cell left running and its end were each logged");
        after.ReportingFailures.Should().Be(throwing.Calls, "every log call that threw was counted");
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task AllCellsAsync_CellExceptionCannotBeFormatted_TheCellIsFailedAndTheCallReturns(string backend)
    {
        var executor = Executor(backend);
        var provider = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(new ExceptionFormattingProvider(provider)));

        var results = await ScatterGather.AllCellsAsync(
            [_databases.Create("unprintable"), _databases.Create("fine", "h")],
            context => context.Cell.Id == "unprintable" ? throw new UnprintableException() : 1,
            new ScatterGatherOptions { Executor = executor, Logger = factory.CreateLogger("cells") }).Within();

        results["unprintable"].Outcome.Should().Be(CellOutcome.Failed);
        results["unprintable"].Exception.Should().BeOfType<UnprintableException>();
        results["fine"].Value.Should().Be(1);
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded, false)]
    [InlineData(ConcurrencyBackend.Cooperative, false)]
    [InlineData(ConcurrencyBackend.Cooperative, true)]
    public async Task AllCellsAsync_FailedCells_RaiseNoUnobservedTaskException(string backend, bool offload)
    {
        var executor = Executor(backend);
        var options = new ScatterGatherOptions { Executor = executor, OffloadBlockingQueries = offload };
        using var unobserved = new UnobservedExceptions();

        var blocking = await ScatterGather.AllCellsAsync(
            [_databases.Create("b1"), _databases.Create("b2")], new Func<CellContext, int>(_ => throw new InvalidOperationException("blocking failure")), options).Within();
        var asynchronous = await ScatterGather.AllCellsAsync(
            [_databases.Create("a1"), _databases.Create("a2")], new Func<CellContext, Task<int>>(async _ => { await Task.Yield(); throw new InvalidOperationException("async failure"); }), options).Within();

        blocking.Concat(asynchronous).Should().OnlyContain(result => result.Outcome == CellOutcome.Failed);
        unobserved.CollectAndRead().Should().BeEmpty();
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task AllCellsAsync_CallLeftRunningFailsLater_RaisesNoUnobservedTaskException(string backend)
    {
        var clock = new ManualTimeProvider();
        var executor = Executor(backend);
        var started = NewGate();
        var release = NewGate();
        using var unobserved = new UnobservedExceptions();

        var gather = ScatterGather.AllCellsAsync([_databases.Create("late")], new Func<CellContext, Task<int>>(async _ =>
        {
            started.SetResult();
            await release.Task;
            throw new InvalidOperationException("failed after the timeout");
        }), new ScatterGatherOptions { Executor = executor, TimeProvider = clock, Timeout = TimeSpan.FromSeconds(1) });
        await started.Task.Within();
        clock.Advance(TimeSpan.FromSeconds(1));
        var results = await gather.Within();
        release.SetResult();
        await results.LeftRunningEnded.Within();

        results["late"].LeftRunning.Should().BeTrue();
        unobserved.CollectAndRead().Should().BeEmpty();
    }

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IExecutor Executor(string backend)
    {
        var options = new ExecutorOptions { Name = $"reporting-{backend}", MaxWorkers = 4 };
        var executor = backend == ConcurrencyBackend.Cooperative ? _cooperative.Create(options) : new ThreadedUnderTest().Create(options);
        _executors.Add(executor);
        return executor;
    }

    /// <summary>A logging provider whose loggers throw, as a broken sink does.</summary>
    private sealed class ThrowingLoggerProvider : ILoggerProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ILogger CreateLogger(string categoryName) => new Throwing(this);

        public void Dispose()
        {
        }

        private sealed class Throwing(ThrowingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                Interlocked.Increment(ref owner._calls);
                throw new IOException("the log sink is gone");
            }
        }
    }

    /// <summary>Formats each entry's exception as the console logger does, then records it.</summary>
    private sealed class ExceptionFormattingProvider(RecordingLoggerProvider inner) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Formatting(inner.CreateLogger(categoryName));

        public void Dispose()
        {
        }

        private sealed class Formatting(ILogger inner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                inner.Log(logLevel, eventId, state, exception, (s, e) => formatter(s, e) + Environment.NewLine + e);
        }
    }

    private sealed class UnprintableException : Exception
    {
        public override string Message => throw new InvalidOperationException("this exception cannot describe itself");

        public override string ToString() => throw new InvalidOperationException("this exception cannot describe itself");
    }
}
