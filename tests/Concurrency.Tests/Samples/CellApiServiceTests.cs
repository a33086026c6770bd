using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Concurrency.Tests.Packaging;

namespace Concurrency.Tests.Samples;

/// <summary>
/// The README's service command, typed as the README gives it, on a free port of 127.0.0.1: GET /hosts, /status and
/// /health over real HTTP, on both backends, with SQLite cell files and with a real PostgreSQL server's cells.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed partial class CellApiServiceTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("false", "cooperative")]
    [InlineData("true", "threaded")]
    public async Task ReadmeServiceCommand_SqliteCells_AnswersHostsStatusAndHealth(string disableCooperative, string backend)
    {
        await using var service = await CellApiProcess.StartAsync(new() { ["DISABLE_COOPERATIVE_MODE"] = disableCooperative });

        using var hosts = JsonDocument.Parse(await service.Client.GetStringAsync("/hosts").Within());
        using var status = JsonDocument.Parse(await service.Client.GetStringAsync("/status").Within());
        string health = await service.Client.GetStringAsync("/health").Within();

        hosts.RootElement.GetProperty("hosts").GetInt32().Should().Be(20, "4 SQLite cells of 5 hosts each");
        hosts.RootElement.GetProperty("cells").EnumerateArray().Select(cell => cell.GetProperty("outcome").GetString()).Should().AllBe("Responded");
        status.RootElement.GetProperty("backend").GetString().Should().Be(backend);
        status.RootElement.GetProperty("backendReason").GetString().Should().StartWith($"DISABLE_COOPERATIVE_MODE={disableCooperative}");
        status.RootElement.GetProperty("scatterGather").GetProperty("calls").GetInt64().Should().Be(1);
        health.Should().Be("Healthy");
        if (backend == "threaded")
        {
            service.Output().Should().Contain("The threaded pools run on the .NET pool's threads (Concurrency:Threads DotNetPool;", "hosting's default for the threaded backend");
        }
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task ReadmeServiceCommand_PostgresCells_GathersTheServersCellsWithStatusAndHealth(string disableCooperative)
    {
        string first = await postgres.Server.CreateDatabaseAsync("api_cell");
        string second = await postgres.Server.CreateDatabaseAsync("api_cell");
        await using var service = await CellApiProcess.StartAsync(new()
        {
            ["DISABLE_COOPERATIVE_MODE"] = disableCooperative,
            ["CellApi__SqliteCells"] = "0",
            ["CellApi__Postgres__0"] = postgres.Server.ConnectionString(first),
            ["CellApi__Postgres__1"] = postgres.Server.ConnectionString(second),
        });

        using var hosts = JsonDocument.Parse(await service.Client.GetStringAsync("/hosts").Within());
        using var status = JsonDocument.Parse(await service.Client.GetStringAsync("/status").Within());
        string health = await service.Client.GetStringAsync("/health").Within();

        hosts.RootElement.GetProperty("hosts").GetInt32().Should().Be(10);
        status.RootElement.GetProperty("scatterGather").GetProperty("responded").GetInt64().Should().Be(2);
        health.Should().Be("Healthy");
        hosts.RootElement.GetProperty("cells").EnumerateArray().Select(cell => cell.GetProperty("cell").GetString())
            .Should().Equal($"pg-{first}", $"pg-{second}");
    }

    [Fact]
    public async Task OperationsCountersCommands_AgainstTheRunningService_ShowTheLibrarysMeter()
    {
        var commands = CountersCommands();
        string home = Directory.CreateTempSubdirectory("concurrency-counters-").FullName;
        await using var service = await CellApiProcess.StartAsync([]);
        using var traffic = new CancellationTokenSource();
        var requests = Task.Run(async () =>
        {
            int answered = 0;
            while (!traffic.IsCancellationRequested)
            {
                using var response = await service.Client.GetAsync("/hosts", CancellationToken.None);
                response.EnsureSuccessStatusCode();
                answered++;
            }

            return answered;
        });
        try
        {
            // A home of its own: the tool is installed as the page says (--global), without touching the machine's.
            string install = await TypeAsync(commands[0], home);
            string monitor = await TypeAsync(commands[1], home);
            await TypeAsync(commands[2], home);
            traffic.Cancel();
            (await requests.Within()).Should().BePositive("the service answered while the tool watched");

            install.Should().Contain("dotnet-counters");
            // The monitor draws a screen of its terminal's height, so it shows the first instruments; the file has them all.
            monitor.Should().Contain("[Concurrency]").And.Contain("concurrency.executor.queue.length").And.Contain("cell-api.scatter-gather");
            string csv = await File.ReadAllTextAsync(Path.Combine(home, "concurrency.csv"));
            csv.Should().Contain("Concurrency,concurrency.executor.work_items").And.Contain("Concurrency,concurrency.executor.work_item.duration");
        }
        finally
        {
            await traffic.CancelAsync();
            await requests.ContinueWith(static _ => { }, TaskScheduler.Default).Within();
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>The three lines of docs/operations.md's dotnet-counters block: install, monitor, collect.</summary>
    private static string[] CountersCommands()
    {
        string page = File.ReadAllText(Path.Combine(ConsumerTests.Root, "docs", "operations.md")).ReplaceLineEndings("\n");
        var block = CountersBlock().Match(page);
        block.Success.Should().BeTrue("docs/operations.md has a sh block that installs dotnet-counters");
        string[] lines = block.Groups["lines"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3).And.Satisfy(
            line => line == "dotnet tool install --global dotnet-counters",
            line => line.StartsWith("dotnet-counters monitor --name CellApi ", StringComparison.Ordinal),
            line => line.StartsWith("dotnet-counters collect --name CellApi ", StringComparison.Ordinal));
        return lines;
    }

    /// <summary>Types <paramref name="command"/> in a shell whose home (and global tools) is <paramref name="home"/>.</summary>
    private static async Task<string> TypeAsync(string command, string home)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = home };
        start.Environment["HOME"] = home;
        start.Environment["DOTNET_CLI_HOME"] = home;
        start.Environment["PATH"] = $"{Path.Combine(home, ".dotnet", "tools")}:{Environment.GetEnvironmentVariable("PATH")}";

        // The install reaches NuGet and each watch lasts its --duration: longer than a request's ceiling, still bounded.
        var (exit, output, errors) = await ProcessRunner.CaptureAsync(start, TimeSpan.FromMinutes(3));
        string printed = output + errors;
        exit.Should().Be(0, "'{0}' printed: {1}", command, printed);
        return printed;
    }

    [GeneratedRegex(@"```sh\n(?<lines>dotnet tool install --global dotnet-counters\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex CountersBlock();

    /// <summary>The service started with the README's command; stopped (and checked to stop) on dispose.</summary>
    [Theory]
    [InlineData(0, "--help")]
    [InlineData(2, "--CellApi:SqliteCells=-1")]
    public async Task ReadmeServiceCommand_HelpOrABadSetting_PrintsTheUsageAndExits(int expectedExit, string argument)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"exec {CellApiProcess.Command()} -- {argument}"])
        {
            WorkingDirectory = ConsumerTests.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));

        process.ExitCode.Should().Be(expectedExit, await errors);
        if (expectedExit == 0)
        {
            (await output).Should().StartWith("usage: CellApi").And.Contain("--CellApi:SqliteCells=N");
        }
        else
        {
            var lines = (await errors).Split('\n');
            lines[0].Should().Be("error: CellApi:SqliteCells -1 is not accepted: use 0 to 1000.");
            lines[1].Should().StartWith("usage: CellApi");
        }
    }

    private sealed partial class CellApiProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private CellApiProcess(Process process, HttpClient client)
        {
            _process = process;
            Client = client;
        }

        public HttpClient Client { get; }

        public static async Task<CellApiProcess> StartAsync(Dictionary<string, string> environment)
        {
            int port = FreePort();
            var start = new ProcessStartInfo("bash", ["-c", $"exec {ServiceCommand()}"])
            {
                WorkingDirectory = ConsumerTests.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["Urls"] = $"http://127.0.0.1:{port}";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var service = new CellApiProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TestTimeouts.Ceiling });
            process.OutputDataReceived += (_, line) => service.Keep(line.Data);
            process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
            process.Exited += (_, _) => service._listening.TrySetException(new InvalidOperationException($"The service exited with {process.ExitCode}:\n{service.Output()}"));
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            // The first run builds the sample: that time is the build's, so the wait is generous but bounded.
            await service._listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
            return service;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().Within();
            _process.Dispose();
        }

        /// <summary>The web page's command in its "Run the service" block, as a user copies it.</summary>
        public static string Command() => ServiceCommand();

        private static string ServiceCommand()
        {
            string page = File.ReadAllText(Path.Combine(ConsumerTests.Root, "docs", "web-services.md"));
            return ServiceCommandLine().Match(page) is { Success: true } match
                ? match.Groups["command"].Value
                : throw new InvalidOperationException("docs/web-services.md has no `dotnet run ... --project samples/CellApi` command.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        private void Keep(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }

            // Kestrel's own line, logged once it accepts connections.
            if (line?.Contains("Now listening on:", StringComparison.Ordinal) == true)
            {
                _listening.TrySetResult();
            }
        }

        /// <summary>What the service has written so far, its log included.</summary>
        public string Output()
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }

        [GeneratedRegex(@"^(?<command>dotnet run -c Release --project samples/CellApi)\s*$", RegexOptions.Multiline)]
        private static partial Regex ServiceCommandLine();
    }
}
