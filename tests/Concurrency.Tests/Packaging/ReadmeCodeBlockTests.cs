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
        string output = await RunAsync(line);

        output.Should().Contain("100 states");
    }

    /// <summary>
    /// What each self-contained program block prints when run, by its page and a line of it; the blocks that need a
    /// server run elsewhere, each named with the test that runs it.
    /// </summary>
    private static readonly (string Page, string Marker, string Prints)[] s_programs =
    [
        ("README.md", "Cell[] cells = [.. Enumerable.Range(1, 3)", "cell3"),
        ("docs/backends.md", "new CooperativeLoopGroup(", "4 on "),
        ("docs/operations.md", "Host.CreateApplicationBuilder(args)", "State of default"),
    ];

    private static readonly (string Page, string Marker, string RunBy)[] s_programsRunElsewhere =
    [
        ("README.md", "Console.WriteLine($\"backend: ", "ConsumerTests.QuickStart_TheReadmesRunCommands_ReportCooperativeThreadedAndTheError"),
        ("docs/migrating.md", "string[] hosts", "DocsMigrating_EveryWayOfTheSameJob_RunsAndReadsAllHundredStates"),
        ("docs/rpc-workers.md", "AddRabbitMq(builder.Configuration)", "ConsumerTests.RpcWorker_TheDocsWorkerFromItsOnePackage_BuildsAndWithoutRabbitMqUriExits2WithOneLineNamingTheKey (it needs a broker)"),
        ("docs/scatter-gather.md", "NpgsqlDataSource.Create", "CellSchedulerTests and CellApiServiceTests run the same gathers on real SQLite files and a PostgreSQL server"),
        ("docs/web-services.md", "WebApplication.CreateBuilder", "CellApiServiceTests (the sample serves the same recipe on a real port)"),
        ("docs/operations.md", "AddOtlpExporter", "DocsOperationsOtlpBlock_RunAgainstAnEndpointOnItsAddress_SendsTheExecutorsInstruments"),
    ];

    /// <summary>The program blocks that need nothing outside the process.</summary>
    public static TheoryData<string> SelfContainedPrograms() =>
        [.. s_programs.Select(program => ProgramLine(program.Page, program.Marker))];

    [Theory]
    [MemberData(nameof(SelfContainedPrograms))]
    public async Task DocsProgram_RunInProcess_PrintsWhatThePageSays(string line)
    {
        string prints = s_programs.Single(program => ProgramLine(program.Page, program.Marker) == line).Prints;

        string output = await RunAsync(line);

        output.Should().Contain(prints, $"the program at {line} runs to its end");
    }

    [Fact]
    public void DocsPrograms_EveryOne_IsRunByATest()
    {
        var programs = Blocks().Where(block => IsProgram(CSharpSyntaxTree.ParseText(block.Value))).Select(block => block.Key);
        var run = s_programs.Select(program => ProgramLine(program.Page, program.Marker))
            .Concat(s_programsRunElsewhere.SelectMany(program => Blocks().Where(block => block.Key.StartsWith(program.Page + ":", StringComparison.Ordinal) && block.Value.Contains(program.Marker, StringComparison.Ordinal)).Select(block => block.Key)));

        programs.Should().BeSubsetOf(run, "every program a page shows is run, here or by the test named beside it");
    }

    [Fact]
    public async Task DocsOperationsOtlpBlock_RunAgainstAnEndpointOnItsAddress_SendsTheExecutorsInstruments()
    {
        string line = ProgramLine("docs/operations.md", "AddOtlpExporter");
        Blocks()[line].Should().Contain("http://127.0.0.1:4318/v1/metrics", "the page exports to a collector's OTLP/HTTP endpoint");
        using var endpoint = new System.Net.HttpListener();
        endpoint.Prefixes.Add("http://127.0.0.1:4318/");
        endpoint.Start();
        var requests = new System.Collections.Concurrent.ConcurrentQueue<(string Path, string Body)>();
        var receiving = ReceiveAsync(endpoint, requests);

        // The meter provider exports what is left when the program disposes it, at its end, and waits for the answer.
        string output = await RunAsync(line);
        endpoint.Stop();
        await receiving.Within();

        output.Should().Contain("42");
        requests.Should().NotBeEmpty().And.OnlyContain(request => request.Path == "/v1/metrics");
        string bodies = string.Concat(requests.Select(request => request.Body));
        bodies.Should().Contain("concurrency.executor.work_items").And.Contain("concurrency.executor.work_item.duration").And.Contain("api");
    }

    // Every OTLP request until the endpoint stops: its path and its protobuf body (metric names and tag values are UTF-8 in it).
    private static async Task ReceiveAsync(System.Net.HttpListener endpoint, System.Collections.Concurrent.ConcurrentQueue<(string Path, string Body)> requests)
    {
        while (true)
        {
            System.Net.HttpListenerContext context;
            try
            {
                context = await endpoint.GetContextAsync();
            }
            catch (Exception error) when (error is System.Net.HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
            requests.Enqueue((context.Request.Url!.AbsolutePath, System.Text.Encoding.UTF8.GetString(body.ToArray())));
        }
    }

    [Fact]
    public async Task ReadmeTestingBlock_RunOnEveryBackend_Passes()
    {
        string line = Blocks().Single(block => block.Key.StartsWith("README.md:", StringComparison.Ordinal) && block.Value.Contains("[Theory, EveryBackend]", StringComparison.Ordinal)).Key;
        using var image = new MemoryStream();
        Compile(line).Emit(image).Success.Should().BeTrue();
        var type = System.Reflection.Assembly.Load(image.ToArray()).GetExportedTypes().Single();
        var method = type.GetMethods().Single(candidate => candidate.IsDefined(typeof(Concurrency.Testing.EveryBackendAttribute), inherit: false));

        // What xunit does with the test: one case per backend the attribute gives, each on a new instance of the class.
        var cases = method.GetCustomAttributes(typeof(Concurrency.Testing.EveryBackendAttribute), inherit: false)
            .Cast<Concurrency.Testing.EveryBackendAttribute>().Single().GetData(method).ToList();
        foreach (object[] arguments in cases)
        {
            await ((Task)method.Invoke(Activator.CreateInstance(type), arguments)!).WaitAsync(TestTimeouts.Ceiling);
        }

        cases.Select(arguments => arguments[0].ToString()).Should().Contain(["threaded", "cooperative"]).And.Contain(name => name!.StartsWith("simulated", StringComparison.Ordinal));
    }

    private static async Task<string> RunAsync(string line)
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

        return output.ToString();
    }

    private static string ProgramLine(string page, string marker) =>
        Blocks().Single(block => block.Key.StartsWith(page + ":", StringComparison.Ordinal) && block.Value.Contains(marker, StringComparison.Ordinal)).Key;

    private static bool IsProgram(SyntaxTree block) =>
        block.GetCompilationUnitRoot().Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();

    private static CSharpCompilation Compile(string line)
    {
        var block = CSharpSyntaxTree.ParseText(Blocks()[line], path: line);
        bool program = IsProgram(block);
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
