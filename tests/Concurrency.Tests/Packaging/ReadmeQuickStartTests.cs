namespace Concurrency.Tests.Packaging;

/// <summary>The README's quick start cannot drift from what the consumer test runs.</summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public void Readme_QuickStart_IsTheConsumersProgram()
    {
        var program = File.ReadAllText(Path.Combine(ConsumerTests.Root, "tests", "consumer", "Program.cs")).ReplaceLineEndings().Trim();

        File.ReadAllText(Path.Combine(ConsumerTests.Root, "README.md")).ReplaceLineEndings().Should().Contain(program);
    }
}
