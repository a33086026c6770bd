using System.Diagnostics;

namespace SchedulerWorker;

/// <summary>A worker process started from this assembly (<c>dotnet SchedulerWorker.dll worker ...</c>), its output watched line by line.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _watches = [];

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        Ready = WaitForLineAsync(line => line.Contains("Consuming ", StringComparison.Ordinal));
    }

    /// <summary>The worker's name (<c>Worker:Name</c>), as its replies carry it.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Completes when the worker consumes its queue.</summary>
    public Task<string> Ready { get; }

    /// <summary>The CPU time the process has used so far, user and system.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a worker against <paramref name="broker"/>.</summary>
    /// <param name="broker">The broker's AMQP URI.</param>
    /// <param name="name">The worker's name.</param>
    /// <param name="settings">More configuration, as <c>--Key=value</c> arguments.</param>
    /// <param name="environment">Environment variables to set, such as DISABLE_COOPERATIVE_MODE.</param>
    /// <returns>The running process.</returns>
    public static WorkerProcess Start(Uri broker, string name, IEnumerable<string> settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        string assembly = typeof(WorkerProcess).Assembly.Location;
        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[assembly, "worker", $"--RabbitMQ:Uri={broker}", $"--Worker:Name={name}", .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(name, process);
        process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>The first output line that matches, seen already or still to come.</summary>
    /// <param name="match">Picks the line.</param>
    /// <returns>The line.</returns>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                seen.SetResult(line);
            }
            else
            {
                _watches.Add((match, seen));
            }
        }

        return seen.Task;
    }

    /// <summary>Everything the worker printed so far.</summary>
    /// <returns>The lines, joined.</returns>
    public string Output()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }

    /// <summary>The worker's warnings and errors so far (console lines at warn, fail or crit).</summary>
    /// <returns>The lines, oldest first.</returns>
    public IReadOnlyList<string> Warnings()
    {
        lock (_lines)
        {
            return [.. _lines.Where(line => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))];
        }
    }

    /// <summary>Kills the worker at once (SIGKILL): no stop, no acknowledgement, as a crash or the OOM killer.</summary>
    /// <returns>A Task that completes when the process is gone.</returns>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the worker to stop (SIGTERM, as systemd does) and waits for it to exit.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", $"{_process.Id}"]);
            await term.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    /// <summary>Stops the worker if it still runs.</summary>
    /// <returns>A ValueTask that completes when it has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var watch in _watches.Where(watch => watch.Match(line)).ToList())
            {
                _watches.Remove(watch);
                matched.Add(watch.Seen);
            }
        }

        matched.ForEach(seen => seen.TrySetResult(line));
    }
}
