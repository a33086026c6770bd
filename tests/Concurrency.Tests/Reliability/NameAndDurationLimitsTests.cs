using Concurrency.Tests.Infrastructure;
using Concurrency.Testing;

namespace Concurrency.Tests.Reliability;

/// <summary>Names that would break a log line, and durations a timer cannot hold or would round away (issue 13).</summary>
public sealed class NameAndDurationLimitsTests
{
    public static TheoryData<string, string> RefusedNames => new()
    {
        { "\u200B", "'\\u200B'" },
        { "\uFEFF", "'\\uFEFF'" },
        { "cells\u2028pool", "'cells\\u2028pool'" },
        { "cells\u2029pool", "'cells\\u2029pool'" },
        { new string('x', 1_000_000), "... (1000000 characters)" },
    };

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void ExecutorName_InvisibleLineBreakingOrTooLong_ThrowsShowingTheValueAndTheRule(string name, string shown) =>
        FluentActions.Invoking(() => new ExecutorOptions { Name = name })
            .Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain(shown).And.Contain("at most 256 characters with at least one visible character").And.Contain("U+2028");

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void LoopAndProcessNames_SameRefusals(string name, string shown)
    {
        FluentActions.Invoking(() => new CooperativeLoopOptions { Name = name }).Should().Throw<ArgumentException>().WithMessage($"Loop name *{shown}*");
        FluentActions.Invoking(() => new ExecutorPoolsOptions { ProcessName = name }).Should().Throw<ArgumentException>().WithMessage($"Process name *{shown}*");
    }

    [Theory]
    [InlineData("nova-scheduler")]
    [InlineData("cellule-été")]
    [InlineData("\u200Bvisible")]
    public void ExecutorName_VisibleText_IsAccepted(string name) =>
        new ExecutorOptions { Name = name }.Name.Should().Be(name);

    [Fact]
    public void Durations_LongerThanATimerHolds_ThrowNamingTheOptionAndTheLimit()
    {
        var sixtyDays = TimeSpan.FromDays(60);

        FluentActions.Invoking(() => new ExecutorOptions { StarvationThreshold = sixtyDays })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("StarvationThreshold 60.00:00:00 is not accepted*up to 49.17:02:47.2940000*");
        FluentActions.Invoking(() => new ThreadPoolExecutorOptions { IdleTimeout = sixtyDays })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("IdleTimeout 60.00:00:00 is not accepted*up to 49.17:02:47.2940000*");
        FluentActions.Invoking(() => new CooperativeLoopOptions { SlowSliceThreshold = sixtyDays })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("SlowSliceThreshold 60.00:00:00 is not accepted*up to 49.17:02:47.2940000*");
    }

    [Fact]
    public async Task SlowSliceThreshold_UnderTwoMilliseconds_KeepsCheckingEverySlice()
    {
        var clock = new ManualTimeProvider();
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "fine-grained", TimeProvider = clock, SlowSliceThreshold = TimeSpan.FromMilliseconds(1) });

        for (int slice = 1; slice <= 3; slice++)
        {
            using var entered = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            var blocking = Task.Factory.StartNew(() => { entered.Set(); release.Wait(); }, CancellationToken.None, TaskCreationOptions.None, loop.Scheduler);
            entered.Wait(TestTimeouts.Ceiling).Should().BeTrue();

            long reported;
            try
            {
                clock.Advance(TimeSpan.FromMilliseconds(2));
                reported = loop.SlowSlices;
            }
            finally
            {
                // Released whatever happens, so a failing check never leaves the loop blocked.
                release.Set();
            }

            await blocking.Within();
            reported.Should().Be(slice, "the checking timer still runs while slice {0} holds the loop", slice);
        }
    }

    [Fact]
    public async Task WaitForAnyAsync_TimeoutLongerThanATimerHolds_WaitsInsteadOfFaulting()
    {
        var clock = new ManualTimeProvider();
        var pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var wait = global::Concurrency.Waiters.WaitForAnyAsync([pending.Task], TimeSpan.FromDays(60), clock);
        clock.Advance(TimeSpan.FromDays(50));

        wait.IsCompleted.Should().BeFalse("50 of the 60 days have passed");
        pending.SetResult();
        (await wait.Within()).Done.Should().ContainSingle();
    }
}
