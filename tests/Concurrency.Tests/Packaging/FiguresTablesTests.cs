using System.Text.RegularExpressions;

namespace Concurrency.Tests.Packaging;

/// <summary>
/// Published figures are never typed by hand: every table the README or docs/ show between
/// <c>&lt;!-- figures from FILE --&gt;</c> and <c>&lt;!-- end of figures --&gt;</c> is the table the named dated results file
/// holds, as its benchmark printed it (benchmarks/publish.py copies them).
/// </summary>
public sealed partial class FiguresTablesTests
{
    private static readonly string[] s_readme = ["README.md"];

    public static TheoryData<string> Pages() =>
        [.. s_readme.Concat(Directory.GetFiles(Path.Combine(ConsumerTests.Root, "docs"), "*.md").Select(path => $"docs/{Path.GetFileName(path)}").Order(StringComparer.Ordinal))];

    [Theory]
    [MemberData(nameof(Pages))]
    public void FiguresBlocks_InAPage_AreTheirResultsFilesTables(string page)
    {
        string text = Read(page);

        foreach (Match block in FiguresBlock().Matches(text))
        {
            string file = block.Groups["file"].Value;
            File.Exists(Path.Combine(ConsumerTests.Root, file)).Should().BeTrue($"{page} shows the figures of {file}");
            block.Groups["table"].Value.TrimEnd('\n').Should().Be(FiguresOf(file), $"{page} shows {file}'s table as its benchmark printed it");
        }
    }

    [Fact]
    public void BenchmarksPage_ShowsEveryKindOfFigure_FromResultsFiles()
    {
        var kinds = FiguresBlock().Matches(Read("docs/benchmarks.md")).Select(block => block.Groups["kind"].Value);

        kinds.Should().Contain(["zoo", "quick", "load", "scale-out"], "every published figure comes from a results file of one of these kinds");
    }

    private static string Read(string path) => File.ReadAllText(Path.Combine(ConsumerTests.Root, path)).ReplaceLineEndings("\n");

    private static string FiguresOf(string file)
    {
        string text = Read(file);
        const string Start = "<!-- figures -->\n";
        int start = text.IndexOf(Start, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"{file} marks its table of figures");
        start += Start.Length;
        int end = text.IndexOf("<!-- end of figures -->", start, StringComparison.Ordinal);
        end.Should().BeGreaterThan(start, $"{file} ends its table of figures");
        return text[start..end].TrimEnd('\n');
    }

    [GeneratedRegex(@"<!-- figures from (?<file>benchmarks/results/(?<kind>[a-z-]+?)-\d{4}-\d{2}-\d{2}[a-z]?\.md) -->\n(?<table>.*?)<!-- end of figures -->", RegexOptions.Singleline)]
    private static partial Regex FiguresBlock();
}
