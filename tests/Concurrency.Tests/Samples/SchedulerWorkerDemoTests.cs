using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Concurrency.Tests.Infrastructure.Brokers;
using Concurrency.Tests.Packaging;

namespace Concurrency.Tests.Samples;

/// <summary>The README's broker-backed demo, typed as the README gives it: a private broker, two worker processes, a client.</summary>
[Collection(RabbitMqTests.Name)]
public sealed partial class SchedulerWorkerDemoTests
{
    [Fact]
    public async Task DocsDemoCommand_TwoWorkers_EveryRequestAnsweredOnceByBothWorkersThenTheyStopCleanly()
    {
        string command = DemoCommandLine().Match(File.ReadAllText(Path.Combine(ConsumerTests.Root, "docs", "rpc-workers.md"))) is { Success: true } match
            ? match.Groups["command"].Value
            : throw new InvalidOperationException("docs/rpc-workers.md has no `bash samples/SchedulerWorker/demo.sh` command.");
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = ConsumerTests.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("DISABLE_COOPERATIVE_MODE");
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The first run builds the sample and starts a broker: generous, but bounded.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        process.WaitForExit();
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        process.ExitCode.Should().Be(0, text);
        text.Should().MatchRegex(@"result: workers 2 loops 1 backend cooperative requests 400 .* wrong 0 timed out 0; answered by worker-1 \d+, worker-2 \d+")
            .And.MatchRegex(@"client: (\d+) calls, \1 answered, 0 timed out, 0 unmatched replies")
            .And.Contain("worker-1 stopped with exit code 0").And.Contain("worker-2 stopped with exit code 0");
    }

    [GeneratedRegex(@"```sh\n(?<command>bash samples/SchedulerWorker/demo\.sh)\n```")]
    private static partial Regex DemoCommandLine();
}
