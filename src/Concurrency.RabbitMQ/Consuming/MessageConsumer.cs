using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Concurrency.RabbitMQ;

/// <summary>
/// Consumes a RabbitMQ queue through an executor: each delivery runs its handler as one submission to the pool (on the
/// cooperative loop, or on the pool's threads), and is acknowledged only after the handler completed and its reply,
/// if it asked for one, was confirmed by the broker. A worker that dies mid-message loses nothing: the broker delivers
/// the message again, to this process or another.
/// </summary>
/// <remarks>
/// <para>Failures: a failed attempt is republished to the queue with its attempt count and reason (and the original
/// acknowledged once the copy is confirmed) until <see cref="MessageConsumerOptions.MaxAttempts"/>, then moved to the
/// dead-letter queue; a <see cref="MalformedMessageException"/> moves it there at once. A message the pool refuses
/// (full, or stopping) goes back to the broker unhandled.</para>
/// <para>The consumer does not own the connection: give it one with automatic recovery (the client's default), and it
/// consumes again when the broker returns.</para>
/// </remarks>
public sealed partial class MessageConsumer : IAsyncDisposable
{
    /// <summary>How long a message refused by a full pool waits before it goes back to the broker, so it does not bounce at once.</summary>
    internal static readonly TimeSpan RefusalBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a stop waits, after canceling the handlers that outlived its timeout, for them to give their messages back.</summary>
    internal static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

    private readonly IConnection _connection;
    private readonly IExecutor _executor;
    private readonly MessageHandler _handler;
    private readonly MessageConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _returnQueued = new();
    private readonly CancellationTokenSource _cancelHandlers = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IChannel _consume = null!;
    private IChannel _publish = null!;
    private string? _consumerTag;
    private int _inFlight;
    private int _stopping;
    private int _poolGone;
    private long _acknowledged;
    private long _retried;
    private long _deadLettered;
    private long _malformed;
    private long _returned;

    private MessageConsumer(IConnection connection, IExecutor executor, MessageHandler handler, MessageConsumerOptions options, ILogger logger)
    {
        _connection = connection;
        _executor = executor;
        _handler = handler;
        _options = options;
        _logger = logger;
        _time = options.TimeProvider ?? TimeProvider.System;
        Prefetch = options.Prefetch ?? DefaultPrefetch(executor.GetPoolState());
    }

    /// <summary>The queue consumed.</summary>
    public string Queue => _options.Queue;

    /// <summary>Unacknowledged messages the broker sends ahead: the options' value, or <see cref="DefaultPrefetch"/> of the pool.</summary>
    public ushort Prefetch { get; }

    /// <summary>
    /// The prefetch for a pool: a message for each worker, and half as many again (at least 2, at most the pool's
    /// <see cref="PoolState.MaxBacklog"/>) waiting in the pool, because a message whose handler finished still counts
    /// against the prefetch while its reply is confirmed and its acknowledgement travels; without them a worker idles
    /// for that round trip.
    /// </summary>
    /// <param name="pool">The pool's state.</param>
    /// <returns>The prefetch, from 1 to 65535.</returns>
    internal static ushort DefaultPrefetch(PoolState pool)
    {
        int waiting = Math.Min(Math.Max(2, pool.MaxWorkers / 2), pool.MaxBacklog ?? int.MaxValue);
        return (ushort)Math.Clamp((long)pool.MaxWorkers + waiting, 1, ushort.MaxValue);
    }

    /// <summary>Whether the consumer's channel is open now; false while the client recovers a lost connection, and after a stop.</summary>
    public bool IsConnected => _connection.IsOpen && _consume.IsOpen && Volatile.Read(ref _stopping) == 0 && Volatile.Read(ref _poolGone) == 0;

    /// <summary>Declares the queues (unless told not to), sets the prefetch and starts consuming.</summary>
    /// <param name="connection">An open connection, with automatic recovery for a consumer that survives a broker restart.</param>
    /// <param name="executor">The pool the handlers run on.</param>
    /// <param name="handler">Handles each message; its return value is the reply for messages with a reply-to address.</param>
    /// <param name="options">The queue and the failure rules.</param>
    /// <param name="logger">Where failures, dead letters and the stop are reported; none when null.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <returns>The consuming consumer; stop it with <see cref="StopAsync"/> or dispose it.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static async Task<MessageConsumer> StartAsync(
        IConnection connection, IExecutor executor, MessageHandler handler, MessageConsumerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var consumer = new MessageConsumer(connection, executor, handler, options, logger ?? NullLogger.Instance);
        try
        {
            await consumer.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await consumer.CloseChannelsAsync().ConfigureAwait(false);
            throw;
        }

        return consumer;
    }

    /// <summary>A snapshot of what the consumer has done.</summary>
    /// <returns>The counts, and whether it is connected.</returns>
    public ConsumerStatistics GetStatistics() => new(
        Queue,
        _executor.Name,
        IsConnected,
        Prefetch,
        Volatile.Read(ref _inFlight),
        Interlocked.Read(ref _acknowledged),
        Interlocked.Read(ref _retried),
        Interlocked.Read(ref _deadLettered),
        Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _returned));

    /// <summary>
    /// Stops consuming, gives messages still queued in the pool back to the broker, lets handlers in flight finish
    /// within <see cref="MessageConsumerOptions.StopTimeout"/>, then cancels the rest and closes the channels: the broker
    /// delivers every message that was not acknowledged again. Idempotent.
    /// </summary>
    /// <returns>A Task that completes when the channels are closed.</returns>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await CancelConsumingAsync().ConfigureAwait(false);
            await _returnQueued.CancelAsync().ConfigureAwait(false);
            if (Volatile.Read(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }

            try
            {
                await _drained.Task.WaitAsync(_options.StopTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                int left = Volatile.Read(ref _inFlight);
                Log.StopTimedOut(_logger, Queue, _options.StopTimeout.TotalSeconds, left);
                await _cancelHandlers.CancelAsync().ConfigureAwait(false);

                // Canceled handlers give their messages back; one that ignores its token has them returned by the channel's close.
                await _drained.Task.WaitAsync(CancelGrace, _time).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            await CloseChannelsAsync().ConfigureAwait(false);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var statistics = GetStatistics();
                Log.Stopped(_logger, statistics);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Stops the consumer (<see cref="StopAsync"/>).</summary>
    /// <returns>A ValueTask that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _returnQueued.Dispose();
        _cancelHandlers.Dispose();
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        _consume = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _publish = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        await QueueTopology.EnsureAsync(_connection, _options, cancellationToken).ConfigureAwait(false);

        await _consume.BasicQosAsync(0, Prefetch, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(_consume);
        consumer.ReceivedAsync += OnReceivedAsync;
        _consumerTag = await _consume.BasicConsumeAsync(Queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        Log.Started(_logger, Queue, _executor.Name, Prefetch, _options.MaxAttempts, _options.DeadLetterQueueName);
    }

    private Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var properties = delivery.BasicProperties;
        var headers = properties.Headers;
        int attempt = MessageHeaders.ReadInt(headers, MessageHeaders.Attempts) + MessageHeaders.ReadInt(headers, MessageHeaders.DeliveryCount) + 1;

        // The client reuses the body's buffer once this callback returns; the handler runs later, on the pool.
        var message = new DeliveredMessage(delivery.DeliveryTag, delivery.RoutingKey, delivery.Redelivered, properties, delivery.Body.ToArray(), attempt);
        Interlocked.Increment(ref _inFlight);
        string? key;
        try
        {
            key = _options.Key?.Invoke(message);
        }
        catch (Exception error)
        {
            // No attempt would choose a key for it either: it is malformed for this consumer, settled as a handler's would be.
            var malformed = new MalformedMessageException($"the key selector failed on it: {error.Message}", error);
            _ = SettleAsync(Task.FromResult(new HandlerOutcome(default, malformed)), message);
            return Task.CompletedTask;
        }

        var options = new SubmitOptions(CancellationToken: _returnQueued.Token) { Key = key };
        Task<HandlerOutcome> ran;
        try
        {
            ran = _executor.Submit(static (delivery, _) => delivery.Consumer.RunHandlerAsync(delivery.Message), new Delivery(this, message), options);
        }
        catch (SubmissionRefusedException error)
        {
            // A refusal, thrown at once rather than returned: settled below like one that comes back in the Task.
            ran = Task.FromException<HandlerOutcome>(error);
        }

        _ = SettleAsync(ran, message);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The submission: only the handler runs on the pool (the loop, on the cooperative backend), so a worker is free as
    /// soon as it returns, while the reply's confirmation and the acknowledgement travel. Its failure comes back as a
    /// value, never as a fault, so it cannot be mistaken for the pool refusing the message.
    /// </summary>
    private async Task<HandlerOutcome> RunHandlerAsync(DeliveredMessage message)
    {
        try
        {
            return new HandlerOutcome(await _handler(message, _cancelHandlers.Token).ConfigureAwait(false), null);
        }
        catch (Exception error)
        {
            return new HandlerOutcome(default, error);
        }
    }

    /// <summary>
    /// Settles a message exactly once, off the pool: a reply and an acknowledgement after its handler, a retry or a dead
    /// letter after a failure, and back to the broker when it never ran (refused, or canceled while queued by a stop).
    /// Never faults.
    /// </summary>
    private async Task SettleAsync(Task<HandlerOutcome> ran, DeliveredMessage message)
    {
        HandlerOutcome outcome;
        try
        {
            outcome = await ran.ConfigureAwait(false);
        }
        catch (Exception error)
        {
            try
            {
                await GiveBackUnrunAsync(error, message).ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                // Stopping the consumption failed too; the message stays unacknowledged and returns with the channel.
                Log.Unsettled(_logger, failure, message);
            }
            finally
            {
                Settle();
            }

            return;
        }

        try
        {
            switch (outcome.Error)
            {
                case null:
                    await ReplyAndAcknowledgeAsync(message, outcome.Reply).ConfigureAwait(false);
                    break;
                case MalformedMessageException malformed:
                    await DeadLetterAsync(message, malformed, malformed: true).ConfigureAwait(false);
                    break;
                case OperationCanceledException when _cancelHandlers.IsCancellationRequested:
                    await ReturnAsync(message).ConfigureAwait(false);
                    break;
                default:
                    await FailAsync(message, outcome.Error).ConfigureAwait(false);
                    break;
            }
        }
        catch (global::RabbitMQ.Client.Exceptions.PublishException error)
        {
            // The broker refused the reply or the copy (nacked, or returned as unroutable): the message goes back to the queue.
            Log.NotPublished(_logger, error, message);
            await ReturnAsync(message).ConfigureAwait(false);
        }
        catch (Exception error) when (IsBrokerError(error))
        {
            // The connection went away between the handler and the acknowledgement: the broker delivers the message again.
            Log.Unsettled(_logger, error, message);
            Interlocked.Increment(ref _returned);
        }
        catch (Exception error)
        {
            // Nothing of ours should throw here; if something does, the message still goes back rather than hang unacknowledged.
            Log.Unsettled(_logger, error, message);
            await ReturnAsync(message).ConfigureAwait(false);
        }
        finally
        {
            Settle();
        }
    }

    /// <summary>A submission that never ran its handler gives its message back to the broker.</summary>
    private async Task GiveBackUnrunAsync(Exception error, DeliveredMessage message)
    {
        switch (error)
        {
            case ExecutorShutdownException when Interlocked.Exchange(ref _poolGone, 1) == 0:
                // Every later message would bounce off the same pool: stop taking them, and let other workers have them.
                Log.PoolShutDown(_logger, error, Queue, _executor.Name);
                await CancelConsumingAsync().ConfigureAwait(false);
                break;
            case RejectedExecutionException:
                // The pool's backlog is full of other work; back off before the broker offers the message again.
                Log.NotDispatched(_logger, error, message, _executor.Name);
                await Task.Delay(RefusalBackoff, _time).ConfigureAwait(false);
                break;
            case OperationCanceledException or ExecutorShutdownException:
                break;
            default:
                Log.NotDispatched(_logger, error, message, _executor.Name);
                break;
        }

        await ReturnAsync(message).ConfigureAwait(false);
    }

    private async Task ReplyAndAcknowledgeAsync(DeliveredMessage message, ReadOnlyMemory<byte> reply)
    {
        if (message.Properties.ReplyTo is { Length: > 0 } replyTo)
        {
            var properties = new BasicProperties { CorrelationId = message.Properties.CorrelationId };
            await _publish.BasicPublishAsync(string.Empty, replyTo, mandatory: false, properties, reply).ConfigureAwait(false);
        }

        await _consume.BasicAckAsync(message.DeliveryTag, multiple: false).ConfigureAwait(false);
        Interlocked.Increment(ref _acknowledged);
    }

    private async Task FailAsync(DeliveredMessage message, Exception error)
    {
        if (message.Attempt >= _options.MaxAttempts)
        {
            await DeadLetterAsync(message, error, malformed: false).ConfigureAwait(false);
            return;
        }

        Log.Retrying(_logger, error, message, message.Attempt, _options.MaxAttempts);
        var copy = CopyProperties(message, error);
        await _publish.BasicPublishAsync(string.Empty, Queue, mandatory: true, copy, message.Body).ConfigureAwait(false);
        await _consume.BasicAckAsync(message.DeliveryTag, multiple: false).ConfigureAwait(false);
        Interlocked.Increment(ref _retried);
    }

    private async Task DeadLetterAsync(DeliveredMessage message, Exception error, bool malformed)
    {
        var copy = CopyProperties(message, error);
        copy.Headers![MessageHeaders.OriginalQueue] = Queue;
        if (malformed)
        {
            Log.Malformed(_logger, message, error.Message, _options.DeadLetterQueueName);
        }
        else
        {
            Log.DeadLettered(_logger, error, message, message.Attempt, _options.DeadLetterQueueName);
        }

        await _publish.BasicPublishAsync(string.Empty, _options.DeadLetterQueueName, mandatory: true, copy, message.Body).ConfigureAwait(false);
        await _consume.BasicAckAsync(message.DeliveryTag, multiple: false).ConfigureAwait(false);
        Interlocked.Increment(ref malformed ? ref _malformed : ref _deadLettered);
    }

    /// <summary>The message's properties for a republished copy: persistent, with its attempts so far and the reason.</summary>
    private static BasicProperties CopyProperties(DeliveredMessage message, Exception error)
    {
        var copy = new BasicProperties(message.Properties) { Persistent = true };
        var headers = message.Properties.Headers is { } original ? new Dictionary<string, object?>(original) : [];

        // The copy is a new message to the broker: its delivery count starts again, so the attempts so far travel in a header.
        headers.Remove(MessageHeaders.DeliveryCount);
        headers[MessageHeaders.Attempts] = message.Attempt;
        headers[MessageHeaders.Reason] = $"{error.GetType().Name}: {error.Message}";
        copy.Headers = headers;
        return copy;
    }

    private async Task ReturnAsync(DeliveredMessage message)
    {
        try
        {
            await _consume.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
        }
        catch (Exception error) when (IsBrokerError(error))
        {
            // The channel is gone, which returns every unacknowledged message to the queue anyway.
        }

        Interlocked.Increment(ref _returned);
    }

    private void Settle()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _stopping) != 0)
        {
            _drained.TrySetResult();
        }
    }

    private async Task CancelConsumingAsync()
    {
        if (_consumerTag is null)
        {
            return;
        }

        try
        {
            await _consume.BasicCancelAsync(_consumerTag).ConfigureAwait(false);
        }
        catch (Exception error) when (IsBrokerError(error))
        {
            // No channel, no deliveries: the broker is not sending anything to cancel.
        }
    }

    private async Task CloseChannelsAsync()
    {
        foreach (var channel in new[] { _consume, _publish })
        {
            if (channel is null)
            {
                continue;
            }

            try
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (IsBrokerError(error))
            {
                // Already closed with its connection.
            }

            channel.Dispose();
        }
    }

    private static bool IsBrokerError(Exception error) =>
        error is global::RabbitMQ.Client.Exceptions.RabbitMQClientException or global::RabbitMQ.Client.Exceptions.OperationInterruptedException
            or IOException or ObjectDisposedException or OperationCanceledException;
}
