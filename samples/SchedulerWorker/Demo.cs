using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Concurrency.RabbitMQ;
using RabbitMQ.Client;

namespace SchedulerWorker;

/// <summary>
/// The broker-backed demo: a private RabbitMQ node, N worker processes consuming select_destinations, and a client
/// sending requests from many callers at once; prints throughput, latency and which worker answered how many.
/// </summary>
internal static class Demo
{
    public static async Task<int> RunAsync(DemoSettings settings, TextWriter output)
    {
        await using var broker = await PrivateBroker.StartAsync();
        output.WriteLine($"broker: {broker.NodeName} on 127.0.0.1:{broker.AmqpPort}");
        var workers = new List<WorkerProcess>();
        var caps = new List<CpuCap>();
        try
        {
            for (int i = 1; i <= settings.Workers; i++)
            {
                workers.Add(WorkerProcess.Start(broker.Uri, $"worker-{i}", settings.WorkerSettings()));
            }

            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
            {
                await Task.WhenAll(workers.Select(worker => worker.Ready)).WaitAsync(limit.Token);
            }

            if (settings.WorkerCpuMillicores > 0)
            {
                caps.AddRange(workers.Select(worker => CpuCap.Apply(worker.Id, worker.Name, settings.WorkerCpuMillicores)));
            }

            output.WriteLine($"workers: {string.Join(", ", workers.Select(worker => $"{worker.Name} (pid {worker.Id})"))}, backend {DemoSettings.Backend}, pool size {settings.PoolSize}, loops {settings.Loops}, cpu {(caps.Count > 0 ? $"{settings.WorkerCpuMillicores} millicores each" : "not capped")}");
            var factory = new ConnectionFactory { Uri = broker.Uri };
            await using var connection = await factory.CreateConnectionAsync();
            await using var client = await RpcClient.StartAsync(connection);
            // Warm-up: the JIT, each worker's threads and its SQLite connections, before anything is timed; every worker
            // gets as many warm-up requests as one alone would, so N workers are timed as warm as one.
            await SendAsync(client, Math.Max(settings.Concurrency, settings.Requests / 2) * settings.Workers, settings.Concurrency, "warm-up");
            var cpuBefore = WorkerCpu(workers);
            var machineBefore = MachineCpu.Read();
            var run = await SendAsync(client, settings.Requests, settings.Concurrency, "request");
            run = run with { WorkerCpu = WorkerCpu(workers) - cpuBefore, MachineBusy = MachineCpu.Read().BusySince(machineBefore) };
            output.WriteLine(run.Describe(settings));
            var statistics = client.GetStatistics();
            output.WriteLine($"client: {statistics.Calls} calls, {statistics.Answered} answered, {statistics.TimedOut} timed out, {statistics.UnmatchedReplies} unmatched replies");
            return run.Failures == 0 && run.TimedOut == 0 && statistics.TimedOut == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var worker in workers)
            {
                int code = await worker.StopAsync();
                output.WriteLine($"{worker.Name} stopped with exit code {code}");
                foreach (string warning in worker.Warnings().Take(5))
                {
                    output.WriteLine($"{worker.Name} warned: {warning}");
                }

                await worker.DisposeAsync();
            }

            caps.ForEach(cap => cap.Dispose());
        }
    }

    private static TimeSpan WorkerCpu(List<WorkerProcess> workers) => workers.Aggregate(TimeSpan.Zero, (sum, worker) => sum + worker.CpuTime);

    private static async Task<DemoRun> SendAsync(RpcClient client, int requests, int concurrency, string prefix)
    {
        var latencies = new double[requests];
        var byWorker = new Dictionary<string, int>();
        int failures = 0;
        int timedOut = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (index, cancellationToken) =>
            {
                var request = new SelectDestinationsRequest($"{prefix}-{index}", Vcpus: 2, MemoryMb: 4096, Count: 3);
                var body = JsonSerializer.SerializeToUtf8Bytes(request, SchedulerJson.Default.SelectDestinationsRequest);
                var sent = Stopwatch.GetTimestamp();
                ReadOnlyMemory<byte> reply;
                try
                {
                    reply = await client.CallAsync(WorkerOptions.DefaultQueue, body, cancellationToken: cancellationToken);
                }
                catch (TimeoutException error)
                {
                    // Counted and shown, not thrown: the run still reports what every other call saw.
                    latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    lock (byWorker)
                    {
                        timedOut++;
                        firstError ??= error.Message;
                    }

                    return;
                }

                latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                var answer = JsonSerializer.Deserialize(reply.Span, SchedulerJson.Default.SelectDestinationsReply)!;
                lock (byWorker)
                {
                    byWorker[answer.Worker] = byWorker.GetValueOrDefault(answer.Worker) + 1;
                    if (answer.RequestId != request.RequestId || answer.Hosts.Count != request.Count)
                    {
                        failures++;
                    }
                }
            });
        return new DemoRun(requests, Stopwatch.GetElapsedTime(started), latencies, byWorker, failures, timedOut, firstError);
    }

    private sealed record DemoRun(int Requests, TimeSpan Elapsed, double[] Latencies, Dictionary<string, int> ByWorker, int Failures, int TimedOut, string? FirstError)
    {
        /// <summary>The CPU every worker used while the run was timed, user and system.</summary>
        public TimeSpan WorkerCpu { get; init; }

        /// <summary>How busy the whole machine was while the run was timed, 0 to 1 (broker and client included).</summary>
        public double MachineBusy { get; init; }

        public double PerSecond => Requests / Elapsed.TotalSeconds;

        public string Describe(DemoSettings settings)
        {
            Array.Sort(Latencies);
            double Percentile(double p) => Latencies[Math.Min(Latencies.Length - 1, (int)(p * Latencies.Length))];
            string workers = string.Join(", ", ByWorker.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => $"{entry.Key} {entry.Value}"));
            return string.Create(
                CultureInfo.InvariantCulture,
                $"result: workers {settings.Workers} loops {settings.Loops} backend {DemoSettings.Backend} requests {Requests} concurrency {settings.Concurrency} seconds {Elapsed.TotalSeconds:0.00} rate {PerSecond:0} p50 {Percentile(0.5):0.0} ms p99 {Percentile(0.99):0.0} ms worker-cpu {WorkerCpu.TotalMilliseconds / Requests:0.000} ms/request cpu-cap {settings.WorkerCpuMillicores} machine-busy {MachineBusy * 100:0}% wrong {Failures} timed out {TimedOut}; answered by {workers}{(FirstError is null ? "" : $"; first error: {FirstError}")}");
        }
    }
}
