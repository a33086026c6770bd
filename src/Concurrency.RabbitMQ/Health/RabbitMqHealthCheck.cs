using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Concurrency.RabbitMQ;

/// <summary>Unhealthy while the broker connection is down (the client is recovering it), naming the consumers that wait; healthy otherwise.</summary>
internal sealed class RabbitMqHealthCheck(RabbitMqService service) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (service.Connection is not { } connection)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("not connected to the broker yet"));
        }

        var waiting = service.Consumers.Where(consumer => !consumer.IsConnected).Select(consumer => consumer.Queue).ToList();
        var data = service.Consumers.ToDictionary(consumer => consumer.Queue, consumer => (object)consumer.GetStatistics());
        if (!connection.IsOpen)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"the broker connection is down ({connection.CloseReason?.ReplyText}); consumers of {string.Join(", ", waiting)} resume when it recovers", data: data));
        }

        return Task.FromResult(waiting.Count > 0
            ? HealthCheckResult.Degraded($"consumers of {string.Join(", ", waiting)} have no open channel", data: data)
            : HealthCheckResult.Healthy($"consuming {string.Join(", ", service.Consumers.Select(consumer => consumer.Queue))}", data));
    }
}
