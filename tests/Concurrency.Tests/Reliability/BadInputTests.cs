using Concurrency.Tests.Infrastructure;
using Concurrency.Cells;

namespace Concurrency.Tests.Reliability;

/// <summary>The rows of the README's bad-input table that no feature suite already covers.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void StatisticsPeriod_Negative_ThrowsNamingTheValueAndWhatIsAccepted() =>
        FluentActions.Invoking(() => new ExecutorOptions { StatisticsPeriod = TimeSpan.FromSeconds(-1) })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("StatisticsPeriod -00:00:01 is not accepted: use null to turn the statistics lines off, zero to log on every submission, or a positive period.*");

    [Fact]
    public void PoolsStatisticsPeriod_Negative_ThrowsTheSame() =>
        FluentActions.Invoking(() => new ExecutorPoolsOptions { StatisticsPeriod = TimeSpan.FromSeconds(-2) })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("StatisticsPeriod -00:00:02 is not accepted*");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("cell\tworker")]
    public void PoolName_Blank_ThrowsNamingTheValue(string name) =>
        FluentActions.Invoking(() => new ExecutorOptions { PoolName = name })
            .Should().Throw<ArgumentException>().WithMessage("Pool name '*' is not accepted: use null for the executor's name*");

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    public void StarvationThreshold_ZeroOrNegative_ThrowsNamingTheValue(int seconds) =>
        FluentActions.Invoking(() => new ExecutorOptions { StarvationThreshold = TimeSpan.FromSeconds(seconds) })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("StarvationThreshold * is not accepted: use null to turn the check off, or a positive duration, up to *");

    [Fact]
    public void Metrics_Null_ThrowsSayingWhatToUse() =>
        FluentActions.Invoking(() => new ExecutorOptions { Metrics = null! })
            .Should().Throw<ArgumentNullException>().WithMessage("Metrics cannot be null: use ExecutorMetrics.Shared*");

    [Fact]
    public void OffloadRunAsync_NullCall_ThrowsArgumentNull() =>
        FluentActions.Invoking(() => { _ = Offload.RunAsync((Func<CancellationToken, int>)null!); })
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("blocking");

    [Fact]
    public async Task CellOpenConnection_FactoryReturnsNull_FailsNamingTheCell()
    {
        var cell = new Cell("c7", "cell 7", () => null!);

        await FluentActions.Awaiting(() => cell.OpenConnectionAsync().AsTask().Within())
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("The connection factory of cell cell 7 (c7) returned null*");
    }
}
