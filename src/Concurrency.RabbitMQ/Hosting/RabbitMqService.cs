using System.Diagnostics.Metrics;
using Concurrency.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Concurrency.RabbitMQ;

/// <summary>
/// The host's broker connection and its consumers: connects at start (retrying until the connect timeout), starts
/// every registered consumer on its pool, and at stop stops them all (each within its stop timeout) before the pools
/// shut down, then closes the connection.
/// </summary>
public sealed partial class RabbitMqService : IHostedService, IAsyncDisposable
{
    private readonly RabbitMqOptions _options;
    private readonly ConcurrencyHost _host;
    private readonly IEnumerable<ConsumerRegistration> _registrations;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly List<MessageConsumer> _consumers = [];
    private readonly ConsumerMetrics _metrics;
    private IConnection? _connection;

    internal RabbitMqService(
        IOptions<RabbitMqOptions> options, ConcurrencyHost host, IEnumerable<ConsumerRegistration> registrations, IServiceProvider services, ILoggerFactory loggers, IMeterFactory? meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options.Value;
        _host = host;
        _registrations = registrations;
        _services = services;
        _loggers = loggers;
        _logger = loggers.CreateLogger<RabbitMqService>();
        _metrics = new ConsumerMetrics(meters, () => Consumers);
    }

    /// <summary>The connection, once started; its <c>IsOpen</c> is false while the client recovers a lost broker.</summary>
    public IConnection? Connection => _connection;

    /// <summary>The running consumers.</summary>
    public IReadOnlyList<MessageConsumer> Consumers
    {
        get
        {
            lock (_consumers)
            {
                return [.. _consumers];
            }
        }
    }

    /// <summary>Connects and starts every consumer.</summary>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <returns>A Task that completes when every consumer consumes.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var uri = _options.Validate();
        var factory = new ConnectionFactory
        {
            Uri = uri,
            ClientProvidedName = _options.ClientName ?? System.Diagnostics.Process.GetCurrentProcess().ProcessName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = _options.RecoveryInterval,
        };
        _connection = await ConnectAsync(factory, cancellationToken).ConfigureAwait(false);
        _connection.ConnectionShutdownAsync += (_, reason) =>
        {
            // The service's own stop closes the connection too: that is no loss, and no operator should be paged for it.
            if (reason.Initiator == ShutdownInitiator.Application)
            {
                Log.ConnectionClosed(_logger);
            }
            else
            {
                Log.ConnectionLost(_logger, reason.ReplyText);
            }

            return Task.CompletedTask;
        };
        _connection.RecoverySucceededAsync += (_, _) =>
        {
            Log.ConnectionRecovered(_logger);
            return Task.CompletedTask;
        };
        foreach (var registration in _registrations)
        {
            var executor = _host.Pools.Get(registration.Pool);
            var logger = _loggers.CreateLogger($"{typeof(MessageConsumer).FullName}.{registration.Options.Queue}");
            var consumer = await MessageConsumer.StartAsync(_connection, executor, registration.Handler(_services), registration.Options, logger, cancellationToken).ConfigureAwait(false);
            lock (_consumers)
            {
                _consumers.Add(consumer);
            }
        }
    }

    /// <summary>Stops every consumer, then closes the connection.</summary>
    /// <param name="cancellationToken">Ignored: each consumer's stop timeout bounds its stop.</param>
    /// <returns>A Task that completes when the connection is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Consumers.Select(consumer => consumer.StopAsync())).ConfigureAwait(false);
        if (_connection is { } connection)
        {
            try
            {
                await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is AlreadyClosedException or IOException or OperationInterruptedException)
            {
                // The broker is gone; nothing is left to close.
            }
        }
    }

    /// <summary>Releases the consumers and the connection.</summary>
    /// <returns>A ValueTask that completes when they are released.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in Consumers)
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
        }

        _metrics.Dispose();

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<IConnection> ConnectAsync(ConnectionFactory factory, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.ConnectTimeout;
        while (true)
        {
            try
            {
                return await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BrokerUnreachableException error) when (DateTime.UtcNow < deadline)
            {
                // A broker that starts with the service (a container, a unit) is not an error yet.
                Log.BrokerUnreachable(_logger, error, factory.Endpoint.ToString(), factory.NetworkRecoveryInterval.TotalSeconds);
                await Task.Delay(factory.NetworkRecoveryInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "The broker at {Endpoint} is unreachable; trying again in {Seconds} s")]
        public static partial void BrokerUnreachable(ILogger logger, Exception error, string endpoint, double seconds);

        [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "The broker connection was lost ({Reason}); consumers resume when it recovers")]
        public static partial void ConnectionLost(ILogger logger, string reason);

        [LoggerMessage(EventId = 422, Level = LogLevel.Information, Message = "The broker connection recovered; consumers resume")]
        public static partial void ConnectionRecovered(ILogger logger);

        [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "The broker connection was closed by this service")]
        public static partial void ConnectionClosed(ILogger logger);
    }
}
