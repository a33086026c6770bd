using Concurrency.Tests.Infrastructure.Databases;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Concurrency.Tests.Packaging;

/// <summary>The API reference is built from the XML docs as docs/api/index.md says, without a warning, and misses no public type.</summary>
public sealed partial class ApiReferenceTests
{
    [Fact]
    public async Task ApiReferenceCommands_InACopyOfTheRepository_BuildWithoutWarningsAPageForEveryPublicType()
    {
        string copy = Directory.CreateTempSubdirectory("concurrency-api-").FullName;
        try
        {
            // A copy, so that docfx's own load of the projects never meets a build of the tree the other tests use.
            ConsumerTests.CopyRepository(copy);
            var block = Commands().Match(File.ReadAllText(Path.Combine(ConsumerTests.Root, "docs", "api", "index.md")).ReplaceLineEndings("\n"));
            block.Success.Should().BeTrue("docs/api/index.md gives the commands that build the reference");

            var (exit, printed) = await BashAsync(copy, block.Groups["commands"].Value);

            exit.Should().Be(0, printed);
            printed.Should().Contain("0 warning(s)").And.Contain("0 error(s)");
            var pages = Directory.GetFiles(Path.Combine(copy, "artifacts", "api", "reference"), "*.html").Select(Path.GetFileNameWithoutExtension).ToHashSet();
            PublicTypes().Should().NotBeEmpty().And.OnlyContain(type => pages.Contains(type), "every public type of the shipped packages has its page");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static readonly string[] s_packagesWithoutATypeHere = ["Concurrency.Hosting", "Concurrency.AspNetCore", "Concurrency.RabbitMQ"];

    /// <summary>
    /// Every public type of the shipped packages, named as docfx names its page (generic arity as -N); the types the
    /// compiler makes for extension blocks are documented on their class's page.
    /// </summary>
    private static IEnumerable<string> PublicTypes() =>
        new[] { typeof(IExecutor), typeof(Executors), typeof(CooperativeExecutor), typeof(ThreadPoolExecutor), typeof(Concurrency.Testing.Simulation) }
            .Select(type => type.Assembly)
            .Concat(s_packagesWithoutATypeHere.Select(Assembly.Load))
            .Distinct()
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false) && !type.FullName!.Contains('<', StringComparison.Ordinal))
            .Select(type => type.FullName!.Replace('+', '.').Replace('`', '-'));

    private static async Task<(int Exit, string Printed)> BashAsync(string directory, string script)
    {
        // docfx loads and compiles every package: minutes on a loaded 2-core machine, still bounded.
        var (exit, output, errors) = await ProcessRunner.CaptureAsync(
            new ProcessStartInfo("bash", ["-e", "-c", script]) { WorkingDirectory = directory }, TimeSpan.FromMinutes(8));
        return (exit, output + errors);
    }

    [GeneratedRegex(@"```sh\n(?<commands>dotnet tool restore\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex Commands();
}
