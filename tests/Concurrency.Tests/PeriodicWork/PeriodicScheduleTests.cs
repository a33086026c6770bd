using Concurrency.PeriodicWork;

namespace Concurrency.Tests.PeriodicWork;

/// <summary>futurist's own arithmetic cases for the strategies, checked exactly.</summary>
public sealed class PeriodicScheduleTests
{
    [Theory]
    [InlineData(ScheduleStrategy.LastStarted, 2.0, 3.0, 4.0)]
    [InlineData(ScheduleStrategy.LastFinished, 2.0, 3.0, 5.0)]
    [InlineData(ScheduleStrategy.AlignedLastFinished, 2.0, 5.0, 6.0)]
    [InlineData(ScheduleStrategy.AlignedLastFinished, 4.0, 7.5, 8.0)]
    public void NextRun_Spacing2_MatchesFuturist(ScheduleStrategy strategy, double started, double finished, double expected) =>
        PeriodicSchedule.NextRun(strategy, 2, started, finished).Should().Be(expected);

    [Theory]
    [InlineData(ScheduleStrategy.LastStartedJitter, 4.05)]
    [InlineData(ScheduleStrategy.LastFinishedJitter, 5.05)]
    [InlineData(ScheduleStrategy.AlignedLastFinishedJitter, 4.05)]
    public void NextRun_JitterStrategies_AddUpToFivePercentOfTheSpacing(ScheduleStrategy strategy, double expected) =>
        PeriodicSchedule.NextRun(strategy, 2, 2, 3, jitter: 0.5).Should().BeApproximately(expected, 1e-9);

    [Fact]
    public void NextRun_BadSpacingOrJitter_ThrowsNamingTheValue()
    {
        FluentActions.Invoking(() => PeriodicSchedule.NextRun(ScheduleStrategy.LastStarted, 0, 1, 1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("Spacing 0 is not accepted*");
        FluentActions.Invoking(() => PeriodicSchedule.NextRun(ScheduleStrategy.LastStarted, 1, 1, 1, jitter: 1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("Jitter 1 is not accepted*");
    }
}
