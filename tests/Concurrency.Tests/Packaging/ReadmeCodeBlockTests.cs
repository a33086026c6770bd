using System.Text.RegularExpressions;
using Concurrency.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Concurrency.Tests.Packaging;

/// <summary>
/// Every C# block of the README compiles as shown, as the <c>Program.cs</c> of a <c>dotnet new console</c> project
/// (implicit usings, nullable on) referencing the packages the block names, with no error and no warning; a block
/// without top-level statements (a test class) compiles as the class library it is.
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

    /// <summary>The C# blocks of the README and of docs/, by file and the line their fence opens on.</summary>
    public static TheoryData<string> BlockLines() => [.. Blocks().Keys];

    [Fact]
    public void Readme_CSharpBlocks_AreFound()
    {
        Blocks().Should().HaveCountGreaterThanOrEqualTo(4, "the quick start, scatter-gather, OpenTelemetry and hosting each have one");
    }

    [Theory]
    [MemberData(nameof(BlockLines))]
    public void Readme_CSharpBlock_CompilesWithoutWarnings(string line)
    {
        var problems = Compile(line).GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .Select(diagnostic => diagnostic.ToString())
            .ToList();

        problems.Should().BeEmpty($"the C# block at {line} must compile as shown:\n{Blocks()[line]}");
    }

    /// <summary>The migration page's programs, which need nothing outside the process.</summary>
    public static TheoryData<string> MigratingBlocks() => [.. Blocks().Keys.Where(key => key.StartsWith("docs/migrating.md:", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(MigratingBlocks))]
    public async Task DocsMigrating_EveryWayOfTheSameJob_RunsAndReadsAllHundredStates(string line)
    {
        using var image = new MemoryStream();
        Compile(line).Emit(image).Success.Should().BeTrue();
        var entry = System.Reflection.Assembly.Load(image.ToArray()).EntryPoint!;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // The entry point of top-level statements blocks until the program's Task ends.
            await Task.Run(() => entry.Invoke(null, [Array.Empty<string>()])).Within();
        }
        finally
        {
            Console.SetOut(console);
        }

        output.ToString().Should().Contain("100 states");
    }

    private static CSharpCompilation Compile(string line)
    {
        var block = CSharpSyntaxTree.ParseText(Blocks()[line], path: line);
        bool program = block.GetCompilationUnitRoot().Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            $"block_{line.Replace('/', '_').Replace(':', '_').Replace('.', '_')}",
            [
                CSharpSyntaxTree.ParseText(ImplicitUsings + (program ? string.Empty : "\nglobal using Xunit;"), path: "GlobalUsings.cs"),
                block,
            ],
            s_references.Value,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
                .WithSpecificDiagnosticOptions(SdkNoWarn));
        return compilation;
    }

    // Read once: every theory case and the count check look at the same files.
    private static readonly Lazy<Dictionary<string, string>> s_blocks = new(() =>
    {
        var files = new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(ConsumerTests.Root, "docs"), "*.md").Select(path => Path.GetRelativePath(ConsumerTests.Root, path)));
        var blocks = new Dictionary<string, string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(Path.Combine(ConsumerTests.Root, file)).ReplaceLineEndings("\n");
            foreach (Match match in CSharpBlock().Matches(text))
            {
                blocks.Add($"{file}:{text[..match.Index].Count(c => c == '\n') + 1}", match.Groups[1].Value);
            }
        }

        return blocks;
    });

    private static Dictionary<string, string> Blocks() => s_blocks.Value;

    [GeneratedRegex("^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();
}
