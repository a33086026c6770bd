using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RabbitMQ.Client;

namespace SchedulerWorker;

/// <summary>
/// A throwaway RabbitMQ node from Debian's <c>rabbitmq-server</c>: its own node name, folder, AMQP port, distribution
/// port and epmd on 127.0.0.1, so it touches no system service and leaves no process behind. The demo, the tests and
/// the scale-out benchmark all start their broker through this class.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    /// <summary>Where Debian installs the server script; <c>RABBITMQ_SERVER</c> names another.</summary>
    public const string DebianServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(90);

    private static readonly HashSet<int> s_handedOut = [];

    // Where the system's outgoing local ports start (Linux's default range is 32768 to 60999).
    private static readonly Lazy<int> s_ephemeralStart = new(() =>
        File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
        && int.TryParse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], out int start)
        && start > 12_000
            ? start
            : 32_768);

    private readonly string _server;
    private readonly int _distributionPort;
    private readonly int _epmdPort;
    private readonly StringBuilder _output = new();
    private Process? _epmd;
    private Process? _node;

    private PrivateBroker(string server, string directory, int amqpPort, int distributionPort, int epmdPort)
    {
        _server = server;
        Directory = directory;
        AmqpPort = amqpPort;
        _distributionPort = distributionPort;
        _epmdPort = epmdPort;
        NodeName = $"concurrency-{Environment.ProcessId}-{amqpPort}@localhost";
    }

    /// <summary>The broker's folder: data, logs and configuration; deleted when the broker is disposed.</summary>
    public string Directory { get; }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int AmqpPort { get; }

    /// <summary>The Erlang node name, unique to this broker.</summary>
    public string NodeName { get; }

    /// <summary>The URI a client connects with (the default guest account, which RabbitMQ allows from loopback only).</summary>
    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{AmqpPort}/");

    /// <summary>Starts a broker in a new temporary folder and waits until it accepts AMQP connections.</summary>
    /// <param name="cancellationToken">Abandons the start (the broker is stopped).</param>
    /// <returns>The running broker, which the caller disposes.</returns>
    /// <exception cref="InvalidOperationException">rabbitmq-server is not installed, or the node did not come up; the message carries its output.</exception>
    public static async Task<PrivateBroker> StartAsync(CancellationToken cancellationToken = default)
    {
        string server = Environment.GetEnvironmentVariable("RABBITMQ_SERVER") is { Length: > 0 } configured ? configured : DebianServer;
        if (!File.Exists(server))
        {
            throw new InvalidOperationException(
                $"rabbitmq-server was not found at '{server}': install Debian's package (apt-get install rabbitmq-server; test.sh and samples/SchedulerWorker/demo.sh do it) or set RABBITMQ_SERVER.");
        }

        string directory = Path.Combine(Path.GetTempPath(), $"concurrency-rabbitmq-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var broker = new PrivateBroker(server, directory, FreePort(), FreePort(), FreePort());
        try
        {
            await broker.RunAsync(cancellationToken).ConfigureAwait(false);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the node gracefully (SIGTERM, as systemd does) and waits for it to exit; its data stays for <see cref="StartAgainAsync"/>.</summary>
    /// <returns>A Task that completes when the node has exited.</returns>
    public async Task StopAsync()
    {
        if (_node is not { } node)
        {
            return;
        }

        _node = null;
        if (!node.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", $"{node.Id}"]))
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await node.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                await node.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        node.Dispose();
    }

    /// <summary>Starts the node again on the same ports and data, as after a broker restart.</summary>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <returns>A Task that completes when the node accepts connections again.</returns>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => RunAsync(cancellationToken);

    /// <summary>Stops the node and its epmd and deletes the folder.</summary>
    /// <returns>A ValueTask that completes when nothing of the broker is left.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_epmd is { } epmd)
        {
            _epmd = null;
            if (!epmd.HasExited)
            {
                epmd.Kill(entireProcessTree: true);
                await epmd.WaitForExitAsync().ConfigureAwait(false);
            }

            epmd.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a process that is exiting; the temporary folder is cleaned by the system later.
        }
    }

    /// <summary>The node's console output so far, for a failure message.</summary>
    /// <returns>The captured lines.</returns>
    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>
    /// A free port below the ephemeral range, never handed out before in this process. A port the system hands out
    /// (binding port 0) was also the local port of some outgoing connection a moment later, and the node failed with
    /// eaddrinuse; and a client of an earlier node may still be retrying that node's ports (an AMQP handshake reached
    /// this node's epmd). Outgoing connections take their local ports from the ephemeral range only.
    /// </summary>
    private static int FreePort()
    {
        while (true)
        {
            int port = Random.Shared.Next(10_000, s_ephemeralStart.Value);
            lock (s_handedOut)
            {
                if (!s_handedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by another process: try another.
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Our own epmd in the foreground, so the node never starts a daemon that outlives it.
        _epmd ??= Launch("epmd", ["-port", $"{_epmdPort}", "-address", "127.0.0.1"]);
        File.WriteAllText(Path.Combine(Directory, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(Directory, "rabbitmq.conf"), "loopback_users.guest = true\n");
        _node = Launch(_server, []);
        var deadline = DateTime.UtcNow + s_startLimit;
        var factory = new ConnectionFactory { Uri = Uri, AutomaticRecoveryEnabled = false, RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_node.HasExited)
            {
                throw new InvalidOperationException($"RabbitMQ node {NodeName} exited with code {_node.ExitCode} before it accepted connections:\n{Output()}");
            }

            try
            {
                await using var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception error) when (error is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or SocketException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"RabbitMQ node {NodeName} did not accept connections on 127.0.0.1:{AmqpPort} within {s_startLimit.TotalSeconds:0} s:\n{Output()}", error);
                }
            }

            // Polling the port is the only readiness signal the node gives; a quarter second keeps the start near its 5 s.
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    private Process Launch(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var environment = start.Environment;
        environment["HOME"] = Directory;
        environment["RABBITMQ_NODENAME"] = NodeName;
        environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        environment["RABBITMQ_NODE_PORT"] = $"{AmqpPort}";
        environment["RABBITMQ_DIST_PORT"] = $"{_distributionPort}";
        environment["ERL_EPMD_PORT"] = $"{_epmdPort}";
        environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(Directory, "mnesia");
        environment["RABBITMQ_LOG_BASE"] = Path.Combine(Directory, "log");
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Directory, "enabled_plugins");
        environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(Directory, "rabbitmq");
        environment["RABBITMQ_PID_FILE"] = Path.Combine(Directory, "rabbitmq.pid");
        environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
