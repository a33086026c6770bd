using System.Diagnostics;

namespace Concurrency.Tests.Infrastructure.Databases;

/// <summary>Runs a command to its end and returns what it printed.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs the command; a non-zero exit fails with what it printed.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments);
        var (exit, output, errors) = await CaptureAsync(start, TimeSpan.FromMinutes(2));
        if (exit != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', start.ArgumentList)}' exited with {exit}:{Environment.NewLine}{output}{errors}");
        }

        return output + errors;
    }

    /// <summary>
    /// Runs <paramref name="start"/> (its output redirected here) for at most <paramref name="limit"/>, and returns its
    /// exit code and what it wrote to each stream, whatever the exit.
    /// </summary>
    public static async Task<(int Exit, string Output, string Errors)> CaptureAsync(ProcessStartInfo start, TimeSpan limit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(limit);
        return (process.ExitCode, await output, await errors);
    }
}
