using Concurrency.Tests.Infrastructure;
using SchedulerWorker;

namespace Concurrency.Tests.Samples;

/// <summary>The worker program's command line: --help prints the usage, a bad demo option one line and the usage with exit code 2.</summary>
public sealed class SchedulerWorkerCommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("demo", "--help")]
    [InlineData("worker", "--help")]
    public async Task RunAsync_Help_PrintsTheUsageAndExits0(params string[] args)
    {
        var (exit, output, errors) = await RunAsync(args);

        exit.Should().Be(0, errors);
        output.Should().StartWith("usage: SchedulerWorker [worker]").And.Contain("demo [--workers N]");
        errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("unknown demo option '--bogus': use --workers", "demo", "--bogus", "1")]
    [InlineData("'--workers many' is not accepted: each demo option takes a whole number of 1 or more", "demo", "--workers", "many")]
    [InlineData("'--requests' is not accepted", "demo", "--requests")]
    public async Task RunAsync_BadDemoOption_PrintsOneLineAndTheUsageAndExits2(string message, params string[] args)
    {
        var (exit, output, errors) = await RunAsync(args);

        exit.Should().Be(2);
        output.Should().BeEmpty("nothing started");
        var lines = errors.Split(Environment.NewLine);
        lines[0].Should().StartWith($"error: {message}");
        lines[1].Should().StartWith("usage: SchedulerWorker");
        errors.Should().NotContain("   at ", "no stack trace");
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        int exit = await WorkerApp.RunAsync(args, output, errors).Within();
        return (exit, output.ToString(), errors.ToString());
    }
}
