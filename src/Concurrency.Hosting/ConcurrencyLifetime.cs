using Microsoft.Extensions.Hosting;

namespace Concurrency.Hosting;

/// <summary>Creates the pools when the host starts (so a bad backend stops the start) and shuts them down when it stops.</summary>
internal sealed class ConcurrencyLifetime(ConcurrencyRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
