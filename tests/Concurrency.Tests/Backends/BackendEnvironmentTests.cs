namespace Concurrency.Tests.Backends;

public sealed class BackendEnvironmentTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("false")]
    [InlineData("FALSE")]
    [InlineData("0")]
    [InlineData("no")]
    [InlineData("No")]
    [InlineData("off")]
    [InlineData(" OFF ")]
    public void ParseEnvironmentValue_UnsetEmptyOrFalseLike_SelectsCooperative(string? value)
    {
        ConcurrencyBackend.ParseEnvironmentValue(value).Should().Be(ConcurrencyBackend.Cooperative);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("YES")]
    [InlineData("on")]
    [InlineData(" On\t")]
    public void ParseEnvironmentValue_TrueLike_SelectsThreaded(string value)
    {
        ConcurrencyBackend.ParseEnvironmentValue(value).Should().Be(ConcurrencyBackend.Threaded);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("2")]
    [InlineData("threaded")]
    [InlineData("y")]
    [InlineData("enable")]
    public void ParseEnvironmentValue_AnythingElse_ThrowsNamingVariableValueAndAcceptedValues(string value)
    {
        FluentActions.Invoking(() => ConcurrencyBackend.ParseEnvironmentValue(value))
            .Should().Throw<BackendSelectionException>()
            .Which.Message.Should().Contain("DISABLE_COOPERATIVE_MODE")
            .And.Contain($"'{value}'")
            .And.Contain("'true', '1', 'yes' or 'on'")
            .And.Contain("'false', '0', 'no', 'off', empty or unset");
    }

    [Fact]
    public void EnvironmentVariable_IsTheDocumentedName()
    {
        ConcurrencyBackend.EnvironmentVariable.Should().Be("DISABLE_COOPERATIVE_MODE");
    }
}
