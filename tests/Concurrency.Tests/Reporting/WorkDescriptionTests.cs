using Concurrency.Core;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Reporting;

/// <summary>Reports name work as an operator reads it, never as a compiler-generated closure (issue 15).</summary>
public sealed class WorkDescriptionTests
{
    [Fact]
    public void Of_Method_IsTheTypeAndMethod() =>
        WorkDescription.Of(new Func<int, int>(Twice)).Should().Be("Concurrency.Tests.Reporting.WorkDescriptionTests.Twice");

    [Fact]
    public void Of_LambdaCapturingALocal_IsTheLambdaAndWhereItWasWritten()
    {
        int captured = 2;

        WorkDescription.Of(new Func<int>(() => captured)).Should().Be("lambda in Concurrency.Tests.Reporting.WorkDescriptionTests.Of_LambdaCapturingALocal_IsTheLambdaAndWhereItWasWritten");
    }

    [Fact]
    public void Of_LocalFunction_IsItsNameAndWhereItWasWritten()
    {
        static int Three() => 3;

        WorkDescription.Of(new Func<int>(Three)).Should().Be("local function Three in Concurrency.Tests.Reporting.WorkDescriptionTests.Of_LocalFunction_IsItsNameAndWhereItWasWritten");
    }

    [Fact]
    public void Of_ExtensionAdapterWithTheCallersDelegateAsState_IsTheCallersDelegate()
    {
        Func<CancellationToken, int> work = _ => Twice(2);

        WorkDescription.Of(SubmitAdapters.Of<int>.Function, work)
            .Should().Be("lambda in Concurrency.Tests.Reporting.WorkDescriptionTests.Of_ExtensionAdapterWithTheCallersDelegateAsState_IsTheCallersDelegate");
        WorkDescription.Of(SubmitAdapters.Action, new Action<CancellationToken>(_ => { }))
            .Should().StartWith("lambda in Concurrency.Tests.Reporting.WorkDescriptionTests.");
    }

    [Fact]
    public void Of_StatePassingWorkWithOtherState_IsTheWork() =>
        WorkDescription.Of(new Func<int, CancellationToken, int>(static (n, _) => Twice(n)), 21)
            .Should().Be("lambda in Concurrency.Tests.Reporting.WorkDescriptionTests.Of_StatePassingWorkWithOtherState_IsTheWork");

    [Fact]
    public async Task AllCellsAsync_QueuedBehindBusyWorkers_TheStarvationWarningNamesTheCellAndTheQuery()
    {
        using var databases = new SqliteCells();
        var clock = new ManualTimeProvider();
        using var loggerFactory = RecordingLoggerProvider.CreateFactory(out var logs);
        await using var executor = ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions
        {
            Name = "cells",
            MaxWorkers = 1,
            TimeProvider = clock,
            LoggerFactory = loggerFactory,
            StarvationThreshold = TimeSpan.FromSeconds(10),
        });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cell[] cells = [databases.Create("nova-cell-1", "h1"), databases.Create("nova-cell-2", "h2")];

        var gather = ScatterGather.AllCellsAsync(cells, ReadHostStates, new ScatterGatherOptions { Executor = executor, TimeProvider = clock, Timeout = TimeSpan.FromMinutes(1) });
        string[] warnings;
        try
        {
            await holding.Task.Within();
            clock.Advance(TimeSpan.FromSeconds(10));
            warnings = [.. logs.Entries.Where(entry => entry.Message.Contains("starved")).Select(entry => entry.Message)];
        }
        finally
        {
            // Released whatever happens, so a failing check never leaves a worker blocked.
            release.TrySetResult();
        }

        warnings.Should().ContainSingle().Which
            .Should().Contain("local function ReadHostStates in Concurrency.Tests.Reporting.WorkDescriptionTests.AllCellsAsync_QueuedBehindBusyWorkers_TheStarvationWarningNamesTheCellAndTheQuery for cell cell nova-cell-1 (nova-cell-1)")
            .And.NotContain("DisplayClass").And.NotContain("b__");
        (await gather.Within()).Should().OnlyContain(result => result.Outcome == CellOutcome.Responded);

        int ReadHostStates(CellContext context)
        {
            if (context.Cell.Id == "nova-cell-1")
            {
                holding.SetResult();
                release.Task.Wait();
            }

            return 1;
        }
    }

    private static int Twice(int value) => 2 * value;
}
