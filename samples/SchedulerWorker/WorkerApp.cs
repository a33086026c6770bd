using CellScheduler;

namespace SchedulerWorker;

/// <summary>The command line: a worker process (the default) or the broker-backed demo; <c>--help</c> for the usage.</summary>
internal static class WorkerApp
{
    public const string Usage =
        """
        usage: SchedulerWorker [worker] [--Section:Key=value ...]
               SchedulerWorker demo [--workers N] [--requests N] [--concurrency N] [--pool-size N] [--latency MS] [--loops N]
                                    [--worker-cpu MILLICORES]
               SchedulerWorker --help | demo --help

          worker    one worker process consuming select_destinations; settings as configuration keys, for example
                    --RabbitMQ:Uri=amqp://guest:guest@127.0.0.1:5672/ --Worker:SqliteCells=4
          demo      a private RabbitMQ node, N worker processes and a client sending requests; prints throughput,
                    latency and which worker answered how many (defaults: 2 workers, 400 requests, 64 at once,
                    a pool of 8, 20 ms per cell, 1 loop); --worker-cpu caps each worker to that share of one core
                    (250 = a quarter) with a cgroup quota, as if each ran on a machine of its own (needs root)
          --help    print this text
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        if (args is ["--help" or "-h", ..] or ["demo" or "worker", "--help" or "-h", ..])
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        if (args is ["demo", .. var rest])
        {
            DemoSettings settings;
            try
            {
                settings = DemoSettings.Parse(rest);
            }
            catch (UsageException error)
            {
                await errors.WriteLineAsync($"error: {error.Message}");
                await errors.WriteLineAsync(Usage);
                return 2;
            }

            return await Demo.RunAsync(settings, output);
        }

        return await WorkerHost.RunAsync(args is ["worker", .. var configuration] ? configuration : args);
    }
}
