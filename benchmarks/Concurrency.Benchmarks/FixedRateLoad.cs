using System.Diagnostics;
using System.Globalization;

namespace Concurrency.Benchmarks;

/// <summary>
/// An open-loop load client: sends GET requests at a fixed rate, whatever the service's answers do, and measures each
/// latency from the moment its request was due (not from when it could be sent), so a stalled service shows in the
/// p99 instead of slowing the load down (wrk's closed loop hides it: coordinated omission).
/// </summary>
internal static class FixedRateLoad
{
    /// <summary>Runs the load and prints <c>rate sent answered errors p50 p99 max</c> on one line.</summary>
    public static async Task<int> RunAsync(TextWriter output, Uri url, double rate, TimeSpan duration)
    {
        if (!(rate is > 0 and <= 100_000) || !(duration > TimeSpan.Zero && duration <= TimeSpan.FromHours(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"Rate {rate} per second for {duration} is not accepted: use 1 to 100000 requests per second for up to an hour.");
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { Timeout = TimeSpan.FromSeconds(30) };
        int total = (int)(rate * duration.TotalSeconds);
        var latencies = new Percentiles(total);
        var gate = new Lock();
        int errors = 0;
        var requests = new List<Task>(total);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < total; i++)
        {
            long due = start + (long)(i / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                // Pacing the sender is the point of an open loop; the requests themselves never wait for it.
                await Task.Delay(wait);
            }

            requests.Add(SendAsync(due));
        }

        await Task.WhenAll(requests);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rate {rate:0} sent {total} errors {errors} p50 {latencies.Microseconds(50) / 1000:0.0} ms p99 {latencies.Microseconds(99) / 1000:0.0} ms max {latencies.Microseconds(100) / 1000:0.0} ms"));
        return errors == 0 ? 0 : 1;

        async Task SendAsync(long due)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }

            long latency = Stopwatch.GetTimestamp() - due;
            lock (gate)
            {
                latencies.Add(latency);
            }
        }
    }
}
