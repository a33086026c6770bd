using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Concurrency.Tests.Cooperative;

/// <summary>
/// The scheduler slices the loop thread and its offload threads ask Linux 6.12 or later for. On a kernel that takes
/// them the threads run with them; on one that does not, the log says why.
/// </summary>
public sealed class SchedulerSliceTests
{
    private static readonly TimeSpan LoopSlice = CooperativeLoopOptions.DefaultLoopSchedulerSlice;
    private static readonly TimeSpan OffloadSlice = CooperativeLoopOptions.DefaultOffloadSchedulerSlice;

    [Fact]
    public async Task Defaults_OnThisKernel_LoopAndOffloadThreadsRunWithTheirSlicesOrTheLogSaysWhyNot()
    {
        using var factory = RecordingLoggerProvider.CreateFactory(out var logs);
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "sliced-loop", LoggerFactory = factory });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "slices", Loop = loop });

        var (onLoop, onOffload) = await executor.Submit(async _ => (SchedulerSlice.OfCurrentThread(), await Offload.RunAsync(_ => SchedulerSlice.OfCurrentThread()))).Within();

        var loopReport = logs.Entries.Should().ContainSingle(e => e.EventId.Id == 9).Subject;
        var offloadReport = logs.Entries.Should().ContainSingle(e => e.EventId.Id == 10).Subject;
        string? refusal = OnNewThread(() => SchedulerSlice.TrySetForCurrentThread(LoopSlice));
        if (refusal is null)
        {
            onLoop.Should().Be(LoopSlice);
            onOffload.Should().Be(OffloadSlice);
            loopReport.Message.Should().Be("Cooperative loop sliced-loop asked the OS scheduler for a 0.5 ms slice for its thread: in force");
            offloadReport.Message.Should().Be("The offload threads of cooperative loop sliced-loop asked the OS scheduler for a 10 ms slice each: in force");
        }
        else
        {
            loopReport.Message.Should().EndWith(refusal);
            offloadReport.Message.Should().Contain("10 ms slice each: ");
        }
    }

    [Fact]
    public async Task ThreadsStartedFromTheLoopOrAnOffloadThread_GetTheOsSliceNotTheirs()
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "forking-loop" });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "forks", Loop = loop });
        var osSlice = OnNewThread(SchedulerSlice.OfCurrentThread);

        var (fromLoop, fromOffload) = await executor.Submit(async _ =>
            (OnNewThread(SchedulerSlice.OfCurrentThread), await Offload.RunAsync(_ => OnNewThread(SchedulerSlice.OfCurrentThread)))).Within();

        fromLoop.Should().Be(osSlice);
        fromOffload.Should().Be(osSlice);
        osSlice.Should().NotBe(LoopSlice).And.NotBe(OffloadSlice, "else this test could not tell the slices apart");
    }

    [Fact]
    public async Task NullSlices_LeaveTheOsSliceAndReportNothing()
    {
        using var factory = RecordingLoggerProvider.CreateFactory(out var logs);
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions
        {
            Name = "unsliced-loop",
            LoggerFactory = factory,
            LoopSchedulerSlice = null,
            OffloadSchedulerSlice = null,
        });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "plain", Loop = loop });
        var osSlice = OnNewThread(SchedulerSlice.OfCurrentThread);

        var (onLoop, onOffload) = await executor.Submit(async _ => (SchedulerSlice.OfCurrentThread(), await Offload.RunAsync(_ => SchedulerSlice.OfCurrentThread()))).Within();

        onLoop.Should().Be(osSlice);
        onOffload.Should().Be(osSlice);
        logs.Entries.Should().NotContain(e => e.EventId.Id == 9 || e.EventId.Id == 10);
    }

    [Theory]
    [InlineData(0.0, "00:00:00")]
    [InlineData(0.05, "00:00:00.0000500")]
    [InlineData(100.001, "00:00:00.1000010")]
    [InlineData(-1.0, "-00:00:00.0010000")]
    public void Options_SliceOutsideLinuxsRange_ThrowsNamingTheValueAndTheRange(double milliseconds, string shown)
    {
        var slice = TimeSpan.FromMilliseconds(milliseconds);

        FluentActions.Invoking(() => new CooperativeLoopOptions { LoopSchedulerSlice = slice })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"LoopSchedulerSlice {shown} is not accepted: use 0.1 ms to 100 ms (the range Linux takes), or null to leave the OS's slice.*");
        FluentActions.Invoking(() => new CooperativeLoopOptions { OffloadSchedulerSlice = slice })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage($"OffloadSchedulerSlice {shown} is not accepted: use 0.1 ms*");
    }

    [Fact]
    public void Options_EndsOfTheRangeAndNull_AreTakenAndGroupMembersCopyThem()
    {
        var options = new CooperativeLoopOptions { LoopSchedulerSlice = SchedulerSlice.Min, OffloadSchedulerSlice = SchedulerSlice.Max };

        var member = options.ForGroupMember(1);

        member.LoopSchedulerSlice.Should().Be(TimeSpan.FromMicroseconds(100));
        member.OffloadSchedulerSlice.Should().Be(TimeSpan.FromMilliseconds(100));
        new CooperativeLoopOptions { LoopSchedulerSlice = null }.ForGroupMember(0).LoopSchedulerSlice.Should().BeNull();
    }

    private static T OnNewThread<T>(Func<T> read)
    {
        T result = default!;
        var thread = new Thread(() => result = read());
        thread.Start();
        thread.Join();
        return result;
    }
}
