using System.Collections.Concurrent;
using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Concurrency.RabbitMQ;

/// <summary>
/// Calls a <see cref="MessageConsumer"/> (or any RPC server) over RabbitMQ: publishes a request with a reply-to queue
/// and a correlation id, and completes the call with the first reply that carries its id. Every caller gets one
/// answer: a second reply to the same request (a redelivered request handled twice) is dropped and counted. When the
/// connection recovers, requests still waiting are published again, since their replies may have gone with the old
/// reply queue.
/// </summary>
public sealed class RpcClient : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly RpcClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PendingCall> _pending = new();
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..12];
    private IChannel _channel = null!;
    private string _replyQueue = string.Empty;
    private long _sequence;
    private long _calls;
    private long _answered;
    private long _timedOut;
    private long _resent;
    private long _unmatched;

    private RpcClient(IConnection connection, RpcClientOptions options)
    {
        _connection = connection;
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>Declares the client's reply queue (exclusive to its connection) and starts listening on it.</summary>
    /// <param name="connection">An open connection, with automatic recovery for calls that survive a broker restart.</param>
    /// <param name="options">The default timeout; defaults when null.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <returns>The client, which the caller disposes.</returns>
    public static async Task<RpcClient> StartAsync(IConnection connection, RpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new RpcClientOptions();
        options.Validate();
        var client = new RpcClient(connection, options);
        await client.OpenAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Sends a request to <paramref name="queue"/> and waits for its reply.</summary>
    /// <param name="queue">The queue the server consumes.</param>
    /// <param name="request">The request body.</param>
    /// <param name="timeout">How long to wait; the options' timeout when null.</param>
    /// <param name="cancellationToken">Abandons the call (the server may still handle the request).</param>
    /// <returns>The reply's body.</returns>
    /// <exception cref="TimeoutException">No reply within the timeout; the message names the queue and the timeout.</exception>
    /// <exception cref="InvalidOperationException">No queue of that name exists on the broker.</exception>
    public async Task<ReadOnlyMemory<byte>> CallAsync(string queue, ReadOnlyMemory<byte> request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        MessageConsumerOptions.CheckQueueName(queue, nameof(queue));
        TimeSpan wait = timeout ?? _options.Timeout;
        CheckTimeout(wait, nameof(timeout));
        string id = string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{Interlocked.Increment(ref _sequence)}");
        var call = new PendingCall(queue, request.ToArray());
        _pending[id] = call;
        Interlocked.Increment(ref _calls);
        using var deadline = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await PublishAsync(id, call, linked.Token).ConfigureAwait(false);
            var reply = await call.Reply.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _answered);
            return reply;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _timedOut);
            // Which side to look at: a request the broker confirmed reached the queue, one it did not may never have.
            string where = call.Confirmed ? "the broker had taken the request, and no reply came back" : "the broker never confirmed the request";
            throw new TimeoutException($"No reply from queue '{queue}' within {wait.TotalSeconds:0.###} s (call {id}): {where}.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>A snapshot of the client's counts.</summary>
    /// <returns>Calls, answers, timeouts, resent requests and dropped replies.</returns>
    public RpcClientStatistics GetStatistics() => new(
        Interlocked.Read(ref _calls),
        Interlocked.Read(ref _answered),
        Interlocked.Read(ref _timedOut),
        _pending.Count,
        _pending.Values.Count(call => !call.Confirmed),
        Interlocked.Read(ref _resent),
        Interlocked.Read(ref _unmatched));

    /// <summary>Closes the client's channel; calls still waiting fail at once with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A ValueTask that completes when the channel is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _connection.RecoverySucceededAsync -= OnRecoveredAsync;
        _connection.QueueNameChangedAfterRecoveryAsync -= OnQueueRenamedAsync;
        foreach (var (id, call) in _pending)
        {
            call.Reply.TrySetException(new ObjectDisposedException(nameof(RpcClient), $"The RPC client was disposed while call {id} to queue '{call.Queue}' waited for its reply."));
        }

        try
        {
            await _channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Closed with its connection already.
        }

        _channel.Dispose();
    }

    internal static void CheckTimeout(TimeSpan timeout, string setting)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(setting, timeout, $"{setting} was {timeout}: a call waits for more than zero, or Timeout.InfiniteTimeSpan.");
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        var declared = await _channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        _replyQueue = declared.QueueName;
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += OnReplyAsync;
        await _channel.BasicConsumeAsync(_replyQueue, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
        _connection.QueueNameChangedAfterRecoveryAsync += OnQueueRenamedAsync;
        _connection.RecoverySucceededAsync += OnRecoveredAsync;
    }

    private async Task PublishAsync(string id, PendingCall call, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties { CorrelationId = id, ReplyTo = Volatile.Read(ref _replyQueue), Persistent = true };
        try
        {
            await _channel.BasicPublishAsync(string.Empty, call.Queue, mandatory: true, properties, call.Request, cancellationToken).ConfigureAwait(false);
            call.Confirmed = true;
        }
        catch (PublishException error) when (error.IsReturn)
        {
            throw new InvalidOperationException($"No queue named '{call.Queue}' took the request: declare it (a MessageConsumer does) before calling.", error);
        }
        catch (Exception error) when (error is AlreadyClosedException or OperationInterruptedException or IOException or PublishException)
        {
            // The connection is down or the broker did not confirm: the call waits, and the request is published again on recovery.
        }
    }

    private Task OnReplyAsync(object sender, BasicDeliverEventArgs delivery)
    {
        if (delivery.BasicProperties.CorrelationId is { } id && _pending.TryRemove(id, out var call))
        {
            call.Reply.TrySetResult(delivery.Body.ToArray());
        }
        else
        {
            Interlocked.Increment(ref _unmatched);
        }

        return Task.CompletedTask;
    }

    private Task OnQueueRenamedAsync(object sender, QueueNameChangedAfterRecoveryEventArgs renamed)
    {
        if (renamed.NameBefore == _replyQueue)
        {
            Volatile.Write(ref _replyQueue, renamed.NameAfter);
        }

        return Task.CompletedTask;
    }

    private async Task OnRecoveredAsync(object sender, AsyncEventArgs recovered)
    {
        foreach (var (id, call) in _pending)
        {
            Interlocked.Increment(ref _resent);
            call.Confirmed = false;
            await PublishAsync(id, call, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed class PendingCall(string queue, ReadOnlyMemory<byte> request)
    {
        private bool _confirmed;

        public string Queue { get; } = queue;

        public ReadOnlyMemory<byte> Request { get; } = request;

        /// <summary>Whether the broker confirmed a publication of the request (set once, read by the timeout).</summary>
        public bool Confirmed
        {
            get => Volatile.Read(ref _confirmed);
            set => Volatile.Write(ref _confirmed, value);
        }

        public TaskCompletionSource<ReadOnlyMemory<byte>> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
