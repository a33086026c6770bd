using RabbitMQ.Client;
using SchedulerWorker;

namespace Concurrency.Tests.Infrastructure.Brokers;

/// <summary>One private RabbitMQ node (Debian's rabbitmq-server on 127.0.0.1, its own ports and folder) for a collection of tests.</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private PrivateBroker? _broker;

    public PrivateBroker Broker => _broker ?? throw new InvalidOperationException("The RabbitMQ node has not started.");

    public async Task InitializeAsync() => _broker = await PrivateBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    /// <summary>A connection that recovers quickly when the broker comes back.</summary>
    public Task<IConnection> ConnectAsync(string name = "test") => Connect(Broker, name);

    public static async Task<IConnection> Connect(PrivateBroker broker, string name) =>
        await new ConnectionFactory
        {
            Uri = broker.Uri,
            ClientProvidedName = name,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(250),
        }.CreateConnectionAsync();

    /// <summary>A queue name no other test uses.</summary>
    public static string NewQueue(string purpose) => $"{purpose}-{Guid.NewGuid():N}";
}

[CollectionDefinition(Name)]
public sealed class RabbitMqTests : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "RabbitMQ";
}
