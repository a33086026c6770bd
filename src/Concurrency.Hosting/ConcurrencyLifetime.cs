using Microsoft.Extensions.Hosting;

namespace Concurrency.Hosting;

/// <summary>
/// Creates the pools when the host starts (so a bad backend stops the start), makes the host's scatter-gather the
/// process's default, and shuts the pools down when it stops.
/// </summary>
internal sealed class ConcurrencyLifetime(ConcurrencyRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
