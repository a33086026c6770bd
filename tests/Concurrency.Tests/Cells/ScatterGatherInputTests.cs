using Concurrency.Tests.Infrastructure.Databases;
using Concurrency.Cells;

namespace Concurrency.Tests.Cells;

/// <summary>Bad input fails at the call, before anything is submitted, with a message naming the value.</summary>
public sealed class ScatterGatherInputTests : IDisposable
{
    private readonly SqliteCells _databases = new();

    private static Task<int> Query(CellContext context) => Task.FromResult(1);

    [Fact]
    public void AllCellsAsync_NullCells_ThrowsArgumentNull() =>
        FluentActions.Invoking(() => { _ = ScatterGather.AllCellsAsync(null!, Query); })
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("cells");

    [Fact]
    public void AllCellsAsync_EmptyCells_ThrowsSayingAtLeastOneCellIsNeeded() =>
        FluentActions.Invoking(() => { _ = ScatterGather.AllCellsAsync([], Query); })
            .Should().Throw<ArgumentException>().WithMessage("The cell set is empty*at least one cell*");

    [Fact]
    public void AllCellsAsync_NullCellInTheSet_ThrowsNamingItsPosition() =>
        FluentActions.Invoking(() => { _ = ScatterGather.AllCellsAsync([_databases.Create("a"), null!], Query); })
            .Should().Throw<ArgumentNullException>().WithMessage("The cell at position 1 is null*");

    [Fact]
    public void AllCellsAsync_DuplicateCellIds_ThrowsNamingTheIdAndBothPositions()
    {
        var first = _databases.Create("a");
        var again = new Cell("a", "another a", () => throw new InvalidOperationException("never opened"));

        FluentActions.Invoking(() => { _ = ScatterGather.AllCellsAsync([first, _databases.Create("b"), again], Query); })
            .Should().Throw<ArgumentException>().WithMessage("Cell id 'a' appears twice, at positions 0 and 2*unique*");
    }

    [Fact]
    public void AllCellsAsync_NullQuery_ThrowsArgumentNull() =>
        FluentActions.Invoking(() => { _ = ScatterGather.AllCellsAsync([_databases.Create("a")], (Func<CellContext, Task<int>>)null!); })
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("query");

    [Fact]
    public void AllCellsAsync_BlockingQueryReturningATask_ThrowsPointingToTheAsynchronousQuery() =>
        FluentActions.Invoking(() => { _ = ScatterGather.AllCellsAsync<Task>([_databases.Create("a")], _ => Task.CompletedTask); })
            .Should().Throw<ArgumentException>().WithMessage("The blocking cell query returns Task*Pass an asynchronous query*");

    [Fact]
    public void MatchingCellsAsync_NullFilter_ThrowsArgumentNull() =>
        FluentActions.Invoking(() => { _ = ScatterGather.MatchingCellsAsync([_databases.Create("a")], null!, Query); })
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("filter");

    [Fact]
    public void SingleCellAsync_NullCell_ThrowsArgumentNull() =>
        FluentActions.Invoking(() => { _ = ScatterGather.SingleCellAsync(null!, Query); })
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("cell");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-5000)]
    public void Timeout_ZeroOrNegative_ThrowsNamingTheValueAndWhatIsAccepted(int milliseconds)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        var thrown = FluentActions.Invoking(() => new ScatterGatherOptions { Timeout = value }).Should().Throw<ArgumentOutOfRangeException>().Which;

        thrown.Message.Should().Contain($"timeout {value} is not accepted").And.Contain("positive duration");
        thrown.ActualValue.Should().Be(value);
    }

    [Fact]
    public void Timeout_AboveTheLongestTimer_Throws() =>
        FluentActions.Invoking(() => new ScatterGatherOptions { Timeout = TimeSpan.FromDays(100) })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*up to 49.17:02:47.294*");

    [Theory]
    [InlineData("", "cell")]
    [InlineData("  ", "cell")]
    [InlineData("id", "")]
    public void Cell_BlankIdOrName_ThrowsNamingTheValue(string id, string name) =>
        FluentActions.Invoking(() => new Cell(id, name, () => throw new InvalidOperationException()))
            .Should().Throw<ArgumentException>().WithMessage("Cell * '*' is not accepted*visible character*");

    [Fact]
    public void Cell_NullDataSource_ThrowsNamingTheCell() =>
        FluentActions.Invoking(() => new Cell("c9", "cell 9", (System.Data.Common.DbDataSource)null!))
            .Should().Throw<ArgumentNullException>().WithMessage("Cell 'c9' needs a data source*");

    public void Dispose() => _databases.Dispose();
}
