using System.Diagnostics;
using System.Text.RegularExpressions;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Packaging;

/// <summary>
/// A newcomer's first ten minutes, for real and to the letter: the README's quick-start commands, run line by line in
/// a temporary folder that holds a copy of the repository, with an empty package cache; then the README's program and
/// its three run commands, on each backend and with a bad variable.
/// </summary>
public sealed partial class ConsumerTests : IAsyncLifetime
{
    internal static readonly string Root = FindRoot();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("concurrency-consumer-");
    private string _app = null!;
    private string _packageCache = null!;

    public async Task InitializeAsync()
    {
        _packageCache = Path.Combine(_work.FullName, "nuget-cache");
        CopyRepository(Path.Combine(_work.FullName, "concurrency"));
        var (setup, _) = QuickStartBlocks();

        await BashAsync(_work.FullName, setup, expectSuccess: true);
        _app = Path.Combine(_work.FullName, "MyService");
        File.Copy(Path.Combine(Root, "tests", "consumer", "Program.cs"), Path.Combine(_app, "Program.cs"), overwrite: true);
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task QuickStart_TheReadmesRunCommands_ReportCooperativeThreadedAndTheError()
    {
        var (_, runs) = QuickStartBlocks();
        var lines = runs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().HaveCount(3, "the README runs the program unset, with true and with a bad value");

        var unset = await BashAsync(_app, lines[0], expectSuccess: false);
        var threaded = await BashAsync(_app, lines[1], expectSuccess: false);
        var garbage = await BashAsync(_app, lines[2], expectSuccess: false);

        unset.Exit.Should().Be(0, unset.Errors);
        unset.Output.Should().Contain("backend: cooperative, answer: 42, text: hello").And.Contain("State of quickstart executor: max_workers: 4");
        threaded.Exit.Should().Be(0, threaded.Errors);
        threaded.Output.Should().Contain("backend: threaded, answer: 42, text: hello");
        garbage.Exit.Should().Be(2);
        garbage.Errors.Should().Contain("DISABLE_COOPERATIVE_MODE").And.Contain("'maybe'").And.Contain("not accepted");
    }

    [Fact]
    public async Task RpcWorker_TheDocsWorkerFromItsOnePackage_BuildsAndWithoutRabbitMqUriExits2WithOneLineNamingTheKey()
    {
        var (setup, program, runs) = WorkerBlocks();
        await BashAsync(_work.FullName, setup, expectSuccess: true);
        var worker = Path.Combine(_work.FullName, "MyWorker");
        await File.WriteAllTextAsync(Path.Combine(worker, "Program.cs"), program);

        var missingUri = await BashAsync(worker, runs.Split('\n')[0], expectSuccess: false);

        missingUri.Exit.Should().Be(2, missingUri.Output + missingUri.Errors);
        missingUri.Errors.Trim().Split('\n').Should().ContainSingle("one line, no stack trace").Which
            .Should().StartWith("Configuration error: RabbitMQ:Uri was '': set an absolute amqp:// or amqps:// URI");
        missingUri.Output.Should().NotContain("   at ", "no stack trace is printed anywhere");
    }

    [Fact]
    public async Task Testing_TheDocsTests_RunOnEveryBackendAndTheFailingSeedReplaysTheSameRun()
    {
        var (setup, tests, runs) = SectionBlocks("docs/testing.md", "\n## Testing your service");
        await BashAsync(_work.FullName, setup, expectSuccess: true);
        var project = Path.Combine(_work.FullName, "MyService.Tests");
        await File.WriteAllTextAsync(Path.Combine(project, "BookingTests.cs"), tests);
        var commands = runs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        commands.Should().HaveCount(2, "the section runs the tests, then replays the seed");

        var first = await BashAsync(project, commands[0], expectSuccess: false);
        var replay = await BashAsync(project, commands[1], expectSuccess: false);

        first.Output.Should().MatchRegex(@"Failed:\s+1, Passed:\s+4", "OneRequest passes on three backends (and the template's Test1), TwoRequests fails:\n" + first.Output);
        var printed = ReplayLine().Match(first.Output);
        printed.Success.Should().BeTrue(first.Output);
        commands[1].Should().StartWith(printed.Groups[1].Value.Trim(), "the README's replay command is the one the failure prints");
        var seed = FailedSeed().Match(first.Output);
        replay.Output.Should().Contain(seed.Value, "the replay fails the same way, with the same trace hash");
        replay.Output.Should().MatchRegex(@"Failed:\s+1, Passed:\s+0");
    }

    [Fact]
    public async Task Testing_AnOutsideBackendFromThePackagesOnly_PassesThePublishedContractSuite()
    {
        await BashAsync(_work.FullName, """
            dotnet new xunit -o OneThread.Tests && cd OneThread.Tests
            dotnet new nugetconfig
            dotnet nuget add source ../packages --name concurrency-local --configfile nuget.config
            dotnet add package Concurrency.Testing
            """, expectSuccess: true);
        var project = Path.Combine(_work.FullName, "OneThread.Tests");
        File.Copy(Path.Combine(Root, "tests", "Concurrency.OutsideBackend", "OneThreadExecutor.cs"), Path.Combine(project, "OneThreadExecutor.cs"));
        await File.WriteAllTextAsync(Path.Combine(project, "OneThreadContractTests.cs"), """
            using Concurrency;
            using Concurrency.OutsideBackend;
            using Concurrency.Testing;

            public sealed class OneThreadContractTests : PooledExecutorContractTests
            {
                protected override string ExpectedBackend => OneThreadExecutor.BackendName;

                protected override IExecutor CreateExecutor(ExecutorOptions options) => new OneThreadExecutor(options);
            }
            """);

        var run = await BashAsync(project, "dotnet test", expectSuccess: false);

        run.Exit.Should().Be(0, run.Output + run.Errors);
        run.Output.Should().MatchRegex(@"Failed:\s+0, Passed:\s+[1-9][0-9]+,", "the whole suite ran:\n" + run.Output);
    }

    [GeneratedRegex(@"Replay: (.*)")]
    private static partial Regex ReplayLine();

    [GeneratedRegex(@"Simulation seed \d+ failed after \d+ steps at \S+ of virtual time \(trace [0-9a-f]{16}\)")]
    private static partial Regex FailedSeed();

    /// <summary>A section's set-up commands, its one C# file, and its run commands, from the README or a page of docs/.</summary>
    internal static (string Setup, string Program, string Runs) SectionBlocks(string file, string heading)
    {
        var readme = File.ReadAllText(Path.Combine(Root, file)).ReplaceLineEndings("\n");
        int start = readme.IndexOf(heading, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"{file} has the section {heading.Trim()}");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var shell = ShellBlock().Matches(section).Select(match => match.Groups[1].Value).ToList();
        var csharp = CSharpBlock().Match(section);
        shell.Should().HaveCountGreaterThanOrEqualTo(2, $"the section {heading.Trim()} opens with a set-up block and a run block");
        csharp.Success.Should().BeTrue($"the section {heading.Trim()} has its C# file");
        return (shell[0], csharp.Groups[1].Value, shell[1]);
    }

    /// <summary>The RabbitMQ section's blocks: the worker project's commands, its Program.cs, and its run commands.</summary>
    internal static (string Setup, string Program, string Runs) WorkerBlocks() => SectionBlocks("docs/rpc-workers.md", "\n## Workers on a message broker");

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>The quick start's two shell blocks: the set-up commands and the run commands.</summary>
    internal static (string Setup, string Runs) QuickStartBlocks()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf("\n## Quick start\n", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var blocks = ShellBlock().Matches(readme[start..end]).Select(match => match.Groups[1].Value).ToList();
        blocks.Should().HaveCount(2, "the quick start has a set-up block and a run block");
        return (blocks[0], blocks[1]);
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    // What git would clone: tracked files and new ones it does not ignore, as they are in the working tree.
    internal static void CopyRepository(string destination)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true };
        foreach (var argument in (string[])["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var files = git.StandardOutput.ReadToEnd().Split('\0', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        git.ExitCode.Should().Be(0, "git lists the repository's files");
        foreach (var file in files.Where(file => File.Exists(Path.Combine(Root, file))))
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Root, file), target);
        }
    }

    private async Task<(int Exit, string Output, string Errors)> BashAsync(string directory, string script, bool expectSuccess)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Remove(ConcurrencyBackend.EnvironmentVariable);
        start.Environment["NUGET_PACKAGES"] = _packageCache;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(15));
        var result = (process.ExitCode, await output, await errors);
        if (expectSuccess && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The README's commands failed with exit code {result.ExitCode}:{Environment.NewLine}{script}{Environment.NewLine}{result.Item2}{result.Item3}");
        }

        return result;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Concurrency.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Concurrency.sln) was not found above the test assembly.");
    }
}
