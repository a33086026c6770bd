using System.Diagnostics;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Packaging;

/// <summary>
/// A newcomer's first ten minutes, for real: pack, reference the single `Concurrency` package from a fresh console
/// project outside the solution, and run the README's quick start on each backend and with a bad variable.
/// </summary>
public sealed class ConsumerTests : IAsyncLifetime
{
    internal static readonly string Root = FindRoot();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("concurrency-consumer-");
    private string _app = null!;

    public async Task InitializeAsync()
    {
        string version = $"0.1.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        string packages = Path.Combine(_work.FullName, "packages");
        _app = Path.Combine(_work.FullName, "app");
        string artifacts = Path.Combine(_work.FullName, "artifacts");

        // Each library package, built under an artifacts folder of its own: never over the running tests' files.
        foreach (var project in (string[])["Concurrency.Abstractions", "Concurrency.Cooperative", "Concurrency.Threaded", "Concurrency"])
        {
            await DotnetAsync(Root, "pack", Path.Combine(Root, "src", project, $"{project}.csproj"), "-c", "Release", "-o", packages, "--artifacts-path", artifacts, $"-p:Version={version}");
        }

        await DotnetAsync(_work.FullName, "new", "console", "-o", _app, "--framework", "net10.0");
        File.WriteAllText(Path.Combine(_app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        await DotnetAsync(_app, "add", "package", "Concurrency", "--version", version);
        File.Copy(Path.Combine(Root, "tests", "consumer", "Program.cs"), Path.Combine(_app, "Program.cs"), overwrite: true);
        await DotnetAsync(_app, "build", "-c", "Release");
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task QuickStart_VariableUnsetTrueAndGarbage_ReportsCooperativeThreadedAndTheError()
    {
        var unset = await RunAppAsync(null);
        var threaded = await RunAppAsync("true");
        var garbage = await RunAppAsync("maybe");

        unset.Exit.Should().Be(0, unset.Errors);
        unset.Output.Should().Contain("backend: cooperative, answer: 42, text: hello").And.Contain("State of quickstart executor: max_workers: 4");
        threaded.Exit.Should().Be(0, threaded.Errors);
        threaded.Output.Should().Contain("backend: threaded, answer: 42, text: hello");
        garbage.Exit.Should().Be(2);
        garbage.Errors.Should().Contain("DISABLE_COOPERATIVE_MODE").And.Contain("'maybe'").And.Contain("not accepted");
    }

    private async Task<(int Exit, string Output, string Errors)> RunAppAsync(string? variable)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _app, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--no-build");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("Release");
        start.Environment.Remove(ConcurrencyBackend.EnvironmentVariable);
        if (variable is not null)
        {
            start.Environment[ConcurrencyBackend.EnvironmentVariable] = variable;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }

    private static async Task DotnetAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }
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
