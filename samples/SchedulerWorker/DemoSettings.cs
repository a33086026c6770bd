using System.Globalization;

namespace SchedulerWorker;

/// <summary>
/// The demo's command line: <c>demo [--workers N] [--requests N] [--concurrency N] [--pool-size N] [--latency MS]
/// [--loops N] [--worker-cpu MILLICORES]</c>.
/// </summary>
internal sealed record DemoSettings(int Workers, int Requests, int Concurrency, int PoolSize, int LatencyMilliseconds, int Loops = 1, int WorkerCpuMillicores = 0)
{
    public static string Backend => Environment.GetEnvironmentVariable("DISABLE_COOPERATIVE_MODE") is { } value && value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)
        ? "threaded"
        : "cooperative";

    public static DemoSettings Parse(string[] args)
    {
        var settings = new DemoSettings(Workers: 2, Requests: 400, Concurrency: 64, PoolSize: 8, LatencyMilliseconds: 20);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                throw new CellScheduler.UsageException($"'{string.Join(' ', args[i..])}' is not accepted: each demo option takes a whole number of 1 or more, as in demo --workers 2 --requests 400 --concurrency 64 --pool-size 8 --latency 20 --loops 1 --worker-cpu 250");
            }

            settings = args[i] switch
            {
                "--workers" => settings with { Workers = value },
                "--requests" => settings with { Requests = value },
                "--concurrency" => settings with { Concurrency = value },
                "--pool-size" => settings with { PoolSize = value },
                "--latency" => settings with { LatencyMilliseconds = value },
                "--loops" => settings with { Loops = value },
                "--worker-cpu" => settings with { WorkerCpuMillicores = value },
                _ => throw new CellScheduler.UsageException($"unknown demo option '{args[i]}': use --workers, --requests, --concurrency, --pool-size, --latency, --loops or --worker-cpu"),
            };
        }

        return settings;
    }

    /// <summary>
    /// Each worker's handler pool holds <see cref="PoolSize"/> requests at once (its prefetch follows), on either
    /// backend; a cooperative worker runs <see cref="Loops"/> loops.
    /// </summary>
    public IEnumerable<string> WorkerSettings() =>
    [
        $"--Concurrency:LoopCount={Loops}",
        $"--Concurrency:Pools:cooperative:default={PoolSize}",
        $"--Concurrency:Pools:threaded:default={PoolSize}",
        $"--Worker:LatencyMilliseconds={LatencyMilliseconds}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Concurrency.RabbitMQ.MessageConsumer=Information",
    ];
}
