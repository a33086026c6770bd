using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Concurrency.Tests.Packaging;

/// <summary>
/// Every C# block of the README compiles as shown, as the <c>Program.cs</c> of a <c>dotnet new console</c> project
/// (implicit usings, nullable on) referencing the packages the block names, with no error and no warning.
/// </summary>
public sealed partial class ReadmeCodeBlockTests
{
    // What `dotnet new console` puts in scope through ImplicitUsings.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // What the SDK's NoWarn always holds: an older reference assembly version that unifies with the framework's.
    private static readonly Dictionary<string, ReportDiagnostic> SdkNoWarn = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList());

    /// <summary>The README's C# blocks by the line their fence opens on.</summary>
    public static TheoryData<int> BlockLines() => [.. Blocks().Keys];

    [Fact]
    public void Readme_CSharpBlocks_AreFound()
    {
        Blocks().Should().HaveCountGreaterThanOrEqualTo(4, "the quick start, scatter-gather, OpenTelemetry and hosting each have one");
    }

    [Theory]
    [MemberData(nameof(BlockLines))]
    public void Readme_CSharpBlock_CompilesWithoutWarnings(int line)
    {
        var compilation = CSharpCompilation.Create(
            $"readme_line_{line}",
            [
                CSharpSyntaxTree.ParseText(ImplicitUsings, path: "GlobalUsings.cs"),
                CSharpSyntaxTree.ParseText(Blocks()[line], path: $"README.md:{line}"),
            ],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
                .WithSpecificDiagnosticOptions(SdkNoWarn));

        var problems = compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .Select(diagnostic => diagnostic.ToString())
            .ToList();

        problems.Should().BeEmpty($"the C# block at README.md line {line} must compile as shown:\n{Blocks()[line]}");
    }

    // Read once: every theory case and the count check look at the same README.
    private static readonly Lazy<Dictionary<int, string>> s_blocks = new(() =>
    {
        var readme = File.ReadAllText(Path.Combine(ConsumerTests.Root, "README.md")).ReplaceLineEndings("\n");
        return CSharpBlock().Matches(readme).ToDictionary(
            match => readme[..match.Index].Count(c => c == '\n') + 1,
            match => match.Groups[1].Value);
    });

    private static Dictionary<int, string> Blocks() => s_blocks.Value;

    [GeneratedRegex("^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();
}
