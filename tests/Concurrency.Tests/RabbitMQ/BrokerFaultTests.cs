using System.Text;
using System.Text.Json;
using Concurrency.RabbitMQ;
using Concurrency.Tests.AspNetCore;
using Concurrency.Tests.Hosting;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Brokers;
using Concurrency.Tests.Reporting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SchedulerWorker;

namespace Concurrency.Tests.RabbitMQ;

/// <summary>Faults for real: a worker process killed mid-request, and the broker stopped and restarted under load. Each test has a broker of its own.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class BrokerFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan s_long = TimeSpan.FromSeconds(120);
    private PrivateBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await PrivateBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task WorkerKilledMidRequest_TheOtherWorkerAnswersItOnce()
    {
        string[] settings = ["--Worker:SqliteCells=2", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:SchedulerWorker=Information", "--Logging:LogLevel:Concurrency.RabbitMQ=Information"];
        await using var first = WorkerProcess.Start(_broker.Uri, "worker-a", settings);
        await using var second = WorkerProcess.Start(_broker.Uri, "worker-b", settings);
        await Task.WhenAll(first.Ready, second.Ready).WaitAsync(s_long);
        await using var connection = await RabbitMqFixture.Connect(_broker, "fault-client");
        await using var client = await RpcClient.StartAsync(connection);
        var request = new SelectDestinationsRequest("drill-1", Vcpus: 1, MemoryMb: 1024, Count: 2, HoldFirstDeliveryMilliseconds: 600_000);

        var call = client.CallAsync(WorkerOptions.DefaultQueue, JsonSerializer.SerializeToUtf8Bytes(request, SchedulerJson.Default.SelectDestinationsRequest), s_long);
        var onFirst = Started(first);
        var startedOn = await Task.WhenAny(onFirst, Started(second)).WaitAsync(s_long);
        var (victim, survivor) = startedOn == onFirst ? (first, second) : (second, first);
        await victim.KillAsync();
        var reply = JsonSerializer.Deserialize((await call.WaitAsync(s_long)).Span, SchedulerJson.Default.SelectDestinationsReply)!;

        reply.Worker.Should().Be(survivor.Name, "the broker delivered the request again to the worker that is alive");
        reply.Attempt.Should().Be(2, "the broker counted the first delivery");
        reply.Hosts.Should().HaveCount(2);
        client.GetStatistics().Should().BeEquivalentTo(new { Calls = 1, Answered = 1, UnmatchedReplies = 0, TimedOut = 0 });
        (await survivor.StopAsync()).Should().Be(0, "the survivor stops gracefully: {0}", survivor.Output());
    }

    [Theory]
    [InlineData(CooperativeExecutor.BackendName)]
    [InlineData(ThreadPoolExecutor.BackendName)]
    public async Task BrokerRestartedUnderLoad_EveryCallAnsweredOnceAndHealthTellsTheOutage(string backend)
    {
        var logs = new RecordingLoggerProvider();
        string queue = RabbitMqFixture.NewQueue("restart");
        var settings = RunOnExecutorTests.Settings(backend, defaultPool: 16);
        settings["RabbitMQ:Uri"] = _broker.Uri.ToString();
        settings["RabbitMQ:RecoveryInterval"] = "00:00:00.250";
        using var host = HostedConcurrency.Build(settings, logs: logs, more: services =>
        {
            services.AddRabbitMq(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
                .AddConsumer(queue, _ => static async (message, cancellationToken) =>
                {
                    await Task.Delay(5, cancellationToken);
                    return message.Body;
                });
            services.AddHealthChecks().AddRabbitMq();
        });
        using var metrics = new MetricsRecorder(null, queue, tagKey: "messaging.destination.name");
        await host.StartAsync().Within();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await using var connection = await RabbitMqFixture.Connect(_broker, "load-client");
        await using var client = await RpcClient.StartAsync(connection);
        var fiftyAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int answered = 0;

        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            var reply = await client.CallAsync(queue, Encoding.UTF8.GetBytes($"call {i}"), s_long);
            if (Interlocked.Increment(ref answered) == 50)
            {
                fiftyAnswered.SetResult();
            }

            return Encoding.UTF8.GetString(reply.Span);
        }).ToList();
        await fiftyAnswered.Task.WaitAsync(s_long);
        await _broker.StopAsync();
        var duringOutage = await UntilHealthAsync(health, HealthStatus.Unhealthy);
        double connectedDuringOutage = metrics.ObserveOne("concurrency.consumer.connected");
        await _broker.StartAgainAsync();
        var replies = await Task.WhenAll(calls).WaitAsync(s_long);
        await UntilHealthAsync(health, HealthStatus.Healthy);
        var consumer = host.Services.GetRequiredService<RabbitMqService>().Consumers.Single();
        await Eventually.Until(() => consumer.GetStatistics().InFlight == 0, "every delivery is settled");
        var acknowledged = metrics.Observe("concurrency.messages").Single(measurement => (string?)measurement.Tags["outcome"] == "acknowledged").Value;
        double connectedAfter = metrics.ObserveOne("concurrency.consumer.connected");
        var statistics = consumer.GetStatistics();
        await host.StopAsync().Within();

        replies.Should().Equal(Enumerable.Range(0, 200).Select(i => $"call {i}"), "every call got its own answer, once");
        duringOutage.Entries["rabbitmq"].Description.Should().Contain("the broker connection is down").And.Contain(queue);
        client.GetStatistics().Should().BeEquivalentTo(new { Calls = 200, Answered = 200, TimedOut = 0, Pending = 0 });
        logs.Entries.Should().Contain(entry => entry.EventId.Id == 421).And.Contain(entry => entry.EventId.Id == 422);
        logs.Entries.Last(entry => entry.EventId.Id is 421 or 422 or 423).EventId.Id.Should().Be(423, "the service's own stop closes the connection, which is no loss to warn about");
        connectedDuringOutage.Should().Be(0);
        connectedAfter.Should().Be(1);
        acknowledged.Should().Be(statistics.Acknowledged).And.BeGreaterThanOrEqualTo(200, "each call's request was handled at least once (a redelivered one twice)");
    }

    /// <summary>The connection's state changes when the client notices the broker's close or return: wait for the report that says so.</summary>
    private static async Task<HealthReport> UntilHealthAsync(HealthCheckService health, HealthStatus expected)
    {
        var report = await Eventually.UntilAsync(() => health.CheckHealthAsync(), report => report.Status == expected, s_long);
        report.Status.Should().Be(expected, $"the health check reports {expected}; last: {report.Entries["rabbitmq"].Description}");
        return report;
    }

    private static Task<string> Started(WorkerProcess worker) =>
        worker.WaitForLineAsync(line => line.Contains("Request drill-1 started", StringComparison.Ordinal));
}
