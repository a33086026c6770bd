using System.Collections.Concurrent;
using System.Text;
using Concurrency.RabbitMQ;
using Concurrency.Tests.AspNetCore;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Brokers;
using RabbitMQ.Client;
using Concurrency.Testing;

namespace Concurrency.Tests.RabbitMQ;

/// <summary>A consumer on a real broker: each message through the pool, acknowledged after its handler, failures bounded and dead-lettered.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class MessageConsumerTests(RabbitMqFixture broker) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly RecordingLoggerProvider _logs = new();
    private IConnection _connection = null!;

    public async Task InitializeAsync() => _connection = await broker.ConnectAsync();

    public async Task DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().AsTask().Within();
        }

        await _connection.DisposeAsync();
    }

    [Theory]
    [InlineData(CooperativeExecutor.BackendName)]
    [InlineData(ThreadPoolExecutor.BackendName)]
    public async Task Call_ReplyToSet_HandlerRunsOnThePoolAndItsReplyComesBack(string backend)
    {
        var executor = Own(Executor(backend, "rpc-pool", 4));
        string? ranOn = null;
        var consumer = await StartAsync(executor, new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("echo") }, (message, _) =>
        {
            ranOn = CooperativeLoop.Current?.Name ?? Thread.CurrentThread.Name;
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes($"echo {Encoding.UTF8.GetString(message.Body.Span)}"));
        });
        var client = await ClientAsync();

        var reply = await client.CallAsync(consumer.Queue, "hello"u8.ToArray()).Within();

        Encoding.UTF8.GetString(reply.Span).Should().Be("echo hello");
        ranOn.Should().StartWith(backend == CooperativeExecutor.BackendName ? CooperativeLoop.Default.Name : ".NET TP Worker", "the handler runs on the pool's loop or threads");
        consumer.Prefetch.Should().Be(6, "a message for each of the pool's 4 workers, and 2 more waiting in the pool");
        await Eventually.Until(
            () => consumer.GetStatistics() is { Acknowledged: 1, InFlight: 0 } && executor.GetStatistics().Executed == 1,
            "the message is acknowledged once its reply is confirmed, then settled, and its submission ends");
        var statistics = consumer.GetStatistics();
        statistics.Should().Be(new ConsumerStatistics(consumer.Queue, "rpc-pool", true, 6, 0, 1, 0, 0, 0, 0));
        executor.GetStatistics().Executed.Should().Be(1, "one message is one submission");
        client.GetStatistics().Should().Be(new RpcClientStatistics(1, 1, 0, 0, 0, 0, 0));
    }

    [Fact]
    public async Task Handle_FailsTwiceThenSucceeds_RetriedWithItsAttemptCountThenAnswered()
    {
        var attempts = new ConcurrentQueue<int>();
        var consumer = await StartAsync(Own(Executor(ThreadPoolExecutor.BackendName, "retrying", 2)), new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("flaky"), MaxAttempts = 3 }, (message, _) =>
        {
            attempts.Enqueue(message.Attempt);
            return message.Attempt < 3
                ? throw new TimeoutException($"cell timed out on attempt {message.Attempt}")
                : ValueTask.FromResult<ReadOnlyMemory<byte>>("done"u8.ToArray());
        });
        var client = await ClientAsync();

        var reply = await client.CallAsync(consumer.Queue, "work"u8.ToArray()).Within();
        // The reply can arrive before the second retry's bookkeeping (its republish is confirmed asynchronously) ends.
        await Eventually.Until(
            () => consumer.GetStatistics() is { Acknowledged: 1, Retried: 2, InFlight: 0 },
            "the message is acknowledged once its reply is confirmed, after both retries are counted");

        Encoding.UTF8.GetString(reply.Span).Should().Be("done");
        attempts.Should().Equal(1, 2, 3);
        consumer.GetStatistics().Should().BeEquivalentTo(new { Acknowledged = 1, Retried = 2, DeadLettered = 0, InFlight = 0 });
        _logs.Entries.Where(entry => entry.EventId.Id == 402).Select(entry => entry.Message).Should().HaveCount(2)
            .And.Contain(message => message.Contains("attempt 1 of 3 failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handle_PoisonMessage_DeadLetteredAfterItsAttemptsWhileTheOthersFlow()
    {
        var options = new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("poisoned"), MaxAttempts = 3 };
        var consumer = await StartAsync(Own(Executor(CooperativeExecutor.BackendName, "poison-pool", 8)), options, (message, _) =>
            Encoding.UTF8.GetString(message.Body.Span) == "poison"
                ? throw new InvalidOperationException("the request names a flavor that does not exist")
                : ValueTask.FromResult(message.Body));
        var client = await ClientAsync();
        await PublishAsync(consumer.Queue, "poison");

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.CallAsync(consumer.Queue, Encoding.UTF8.GetBytes($"request {i}")))).Within();
        var deadLetter = await NextDeadLetterAsync(options.DeadLetterQueueName);
        // The dead letter can arrive before its bookkeeping (the poison's acknowledgement) ends.
        await Eventually.Until(
            () => consumer.GetStatistics() is { Acknowledged: 50, Retried: 2, DeadLettered: 1 }, "every answered message is acknowledged and the poison counted");

        replies.Select(reply => Encoding.UTF8.GetString(reply.Span)).Should().Equal(Enumerable.Range(0, 50).Select(i => $"request {i}"));
        Encoding.UTF8.GetString(deadLetter.Body.Span).Should().Be("poison");
        var headers = deadLetter.BasicProperties.Headers;
        MessageHeaders.ReadText(headers, MessageHeaders.Reason).Should().Be("InvalidOperationException: the request names a flavor that does not exist");
        MessageHeaders.ReadText(headers, MessageHeaders.Attempts).Should().Be("3");
        MessageHeaders.ReadText(headers, MessageHeaders.OriginalQueue).Should().Be(consumer.Queue);
        consumer.GetStatistics().Should().BeEquivalentTo(new { Acknowledged = 50, Retried = 2, DeadLettered = 1, Malformed = 0 });
        _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 403).Which.Message.Should().Contain("after 3 attempts").And.Contain(options.DeadLetterQueueName);
    }

    [Fact]
    public async Task Handle_Malformed_DeadLetteredAtOnceWithTheReason()
    {
        var options = new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("malformed") };
        int calls = 0;
        var consumer = await StartAsync(Own(Executor(ThreadPoolExecutor.BackendName, "parsing", 2)), options, (message, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new MalformedMessageException("the body is not JSON: '<xml/>'");
        });

        await PublishAsync(consumer.Queue, "<xml/>");
        var deadLetter = await NextDeadLetterAsync(options.DeadLetterQueueName);
        // The dead letter can arrive before its bookkeeping (the original's acknowledgement) ends.
        await Eventually.Until(() => consumer.GetStatistics() is { Malformed: 1, InFlight: 0 }, "the message is settled as malformed");

        calls.Should().Be(1, "a malformed message gets no second attempt");
        MessageHeaders.ReadText(deadLetter.BasicProperties.Headers, MessageHeaders.Reason).Should().Be("MalformedMessageException: the body is not JSON: '<xml/>'");
        consumer.GetStatistics().Should().BeEquivalentTo(new { Malformed = 1, DeadLettered = 0, Retried = 0, Acknowledged = 0 });
        _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 404).Which.Message.Should().Contain("is malformed (the body is not JSON: '<xml/>')");
    }

    [Fact]
    public async Task Prefetch_PoolOfTwo_TwoWaitInThePoolAndTheBrokerHoldsTheRest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int finished = 0;
        var pool = Own(ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "two", MaxWorkers = 2, LoggerFactory = _logs.CreateFactory() }));
        var consumer = await StartAsync(pool, new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("prefetch") }, async (message, _) =>
        {
            await release.Task;
            if (Interlocked.Increment(ref finished) == 10)
            {
                allDone.SetResult();
            }

            return ReadOnlyMemory<byte>.Empty;
        });

        for (int i = 0; i < 10; i++)
        {
            await PublishAsync(consumer.Queue, $"job {i}");
        }

        await Eventually.Until(() => consumer.GetStatistics().InFlight == 4 && pool.GetPoolState().Queued == 2, "2 messages run and 2 wait in the pool");
        uint waiting = await MessageCountAsync(consumer.Queue);
        var duringHold = consumer.GetStatistics();
        release.SetResult();
        await allDone.Task.Within();
        await Eventually.Until(() => consumer.GetStatistics().Acknowledged == 10, "every message is acknowledged once its handler ends");

        consumer.Prefetch.Should().Be(4, "a message for each of the 2 workers, and at least 2 waiting in the pool");
        waiting.Should().Be(6, "the broker keeps the rest, where another worker could take them");
        _logs.Entries.Where(entry => entry.EventId.Id == 203).Should().NotBeEmpty("2 messages waited for the pool's 2 workers")
            .And.OnlyContain(entry => entry.Message.Contains($"message from queue '{consumer.Queue}' (delivery ", StringComparison.Ordinal), "the pool's warning names the queue, not a lambda");
        duringHold.InFlight.Should().Be(4);
        await UntilMessageCountAsync(consumer.Queue, 0, "every message was acknowledged");
    }

    [Theory]
    [InlineData(null, 12)]
    [InlineData(1, 9)]
    [InlineData(0, 8)]
    public async Task Prefetch_PoolOfEight_TakesHalfAgainWithinTheBacklogLimit(int? maxBacklog, int expected)
    {
        var pool = Own(ThreadPoolExecutor.Create(new ThreadPoolExecutorOptions { Name = "bounded", MaxWorkers = 8, MaxBacklog = maxBacklog }));

        var consumer = await StartAsync(pool, new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("backlog") }, (_, _) => ValueTask.FromResult(ReadOnlyMemory<byte>.Empty));

        consumer.Prefetch.Should().Be((ushort)expected, "a pool never receives more messages than it may queue");
        consumer.GetStatistics().Prefetch.Should().Be(expected);
    }

    [Fact]
    public async Task Stop_HandlerInFlight_WaitsForItThenAcknowledges()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = await StartAsync(Own(Executor(CooperativeExecutor.BackendName, "stopping", 4)), new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("graceful") }, async (_, _) =>
        {
            entered.SetResult();
            await release.Task;
            return ReadOnlyMemory<byte>.Empty;
        });
        await PublishAsync(consumer.Queue, "long job");
        await entered.Task.Within();

        var stop = consumer.StopAsync();
        bool stoppedBeforeRelease = stop.IsCompleted;
        release.SetResult();
        await stop.Within();

        stoppedBeforeRelease.Should().BeFalse("the stop waits for the handler in flight");
        consumer.GetStatistics().Should().BeEquivalentTo(new { Acknowledged = 1, Returned = 0, Connected = false });
        await UntilMessageCountAsync(consumer.Queue, 0, "the message was handled and acknowledged before the channel closed");
    }

    [Fact]
    public async Task Stop_HandlerPastTheTimeout_IsCanceledAndItsMessageGoesBackToTheQueue()
    {
        var clock = new ManualTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("hung"), StopTimeout = TimeSpan.FromSeconds(5), TimeProvider = clock };
        var consumer = await StartAsync(Own(Executor(ThreadPoolExecutor.BackendName, "hung-pool", 2)), options, async (_, cancellationToken) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ReadOnlyMemory<byte>.Empty;
        });
        await PublishAsync(consumer.Queue, "never ends");
        await entered.Task.Within();

        var stop = consumer.StopAsync();
        await Eventually.Until(() => clock.ActiveTimers > 0, "the stop waits on its timeout");
        clock.Advance(TimeSpan.FromSeconds(5));
        await stop.Within();

        consumer.GetStatistics().Should().BeEquivalentTo(new { Acknowledged = 0, Returned = 1, InFlight = 0 });
        await UntilMessageCountAsync(consumer.Queue, 1, "nothing is acknowledged that did not complete");
        _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 407).Which.Message.Should().Contain("1 handlers still running");
    }

    [Fact]
    public async Task Submit_PoolShutDown_MessagesGoBackAndTheConsumerStopsTakingThem()
    {
        var executor = Executor(ThreadPoolExecutor.BackendName, "gone", 2);
        var consumer = await StartAsync(executor, new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("orphan") }, (message, _) => ValueTask.FromResult(message.Body));
        await executor.ShutdownAsync().Within();

        await PublishAsync(consumer.Queue, "nobody can run me");
        await Eventually.Until(() => consumer.GetStatistics().Returned == 1 && !consumer.IsConnected, "the refused message goes back");

        await UntilMessageCountAsync(consumer.Queue, 1, "the message waits in the queue for a worker that can run it");
        _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 410).Which.Message.Should().Contain("Pool gone is shut down");
    }

    [Fact]
    public async Task Handle_KeyedOnALoopGroup_EachKeysMessagesRunOnItsLoop()
    {
        await using var group = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { LoopCount = 2, Loop = new() { Name = "rabbit-group" } });
        var executor = Own(CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "keyed", LoopGroup = group }));
        var ranOn = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var options = new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("keyed"), Key = message => message.Properties.MessageId?.Split('/')[0] };
        var consumer = await StartAsync(executor, options, (message, _) =>
        {
            ranOn.GetOrAdd(message.Properties.MessageId!.Split('/')[0], _ => []).Add(CooperativeLoop.Current!.Name);
            return ValueTask.FromResult(message.Body);
        });

        string[] tenants = ["tenant-a", "tenant-b", "tenant-c", "tenant-d"];
        foreach (string tenant in tenants)
        {
            for (int i = 0; i < 5; i++)
            {
                await PublishAsync(consumer.Queue, $"{tenant}/{i}");
            }
        }

        await Eventually.Until(() => consumer.GetStatistics().Acknowledged == 20, "every keyed message is handled");

        ranOn.Keys.Should().BeEquivalentTo(tenants);
        foreach (string tenant in tenants)
        {
            ranOn[tenant].Should().OnlyContain(loop => loop == group.LoopFor(tenant).Name, $"{tenant}'s messages all run on its loop");
        }
    }

    [Fact]
    public async Task Handle_KeySelectorThrows_DeadLetteredAsMalformedWithoutRunning()
    {
        var options = new MessageConsumerOptions { Queue = RabbitMqFixture.NewQueue("unkeyed"), Key = message => message.Properties.MessageId!.Split('/')[1] };
        int calls = 0;
        var consumer = await StartAsync(Own(Executor(CooperativeExecutor.BackendName, "keyless", 2)), options, (message, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(message.Body);
        });

        await PublishAsync(consumer.Queue, "no-slash");
        var deadLetter = await NextDeadLetterAsync(options.DeadLetterQueueName);

        calls.Should().Be(0);
        MessageHeaders.ReadText(deadLetter.BasicProperties.Headers, MessageHeaders.Reason).Should().StartWith("MalformedMessageException: the key selector failed on it: Index was outside the bounds of the array");
        await Eventually.Until(() => consumer.GetStatistics() is { Malformed: 1, InFlight: 0 }, "the message is settled as malformed");
    }

    [Fact]
    public async Task Call_NoSuchQueue_ThrowsNamingIt()
    {
        var client = await ClientAsync();

        var call = () => client.CallAsync("no-such-queue", "x"u8.ToArray());

        (await call.Should().ThrowAsync<InvalidOperationException>().Within()).WithMessage("No queue named 'no-such-queue' took the request*");
    }

    [Fact]
    public async Task Call_NoReplyInTime_ThrowsTimeoutNamingTheQueueAndTheWait()
    {
        var clock = new ManualTimeProvider();
        string queue = RabbitMqFixture.NewQueue("silent");
        await using (var channel = await _connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
        }

        var client = Own(await RpcClient.StartAsync(_connection, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(3), TimeProvider = clock }));

        var call = client.CallAsync(queue, "anyone?"u8.ToArray());
        await Eventually.Until(() => clock.ActiveTimers > 0, "the call waits on its timeout");
        await Eventually.Until(() => client.GetStatistics() is { Pending: 1, Unconfirmed: 0 }, "the broker confirmed the request");
        clock.Advance(TimeSpan.FromSeconds(3));

        (await call.Awaiting(task => task).Should().ThrowAsync<TimeoutException>().Within())
            .WithMessage($"No reply from queue '{queue}' within 3 s (call *): the broker had taken the request, and no reply came back.");
        client.GetStatistics().Should().BeEquivalentTo(new { Calls = 1, TimedOut = 1, Pending = 0, Unconfirmed = 0 });
    }

    [Fact]
    public async Task Dispose_CallWaiting_FailsAtOnceNamingTheCall()
    {
        string queue = RabbitMqFixture.NewQueue("abandoned");
        await using (var channel = await _connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
        }

        var client = await RpcClient.StartAsync(_connection);
        var call = client.CallAsync(queue, "waiting"u8.ToArray());
        await client.DisposeAsync();

        (await call.Awaiting(task => task).Should().ThrowAsync<ObjectDisposedException>().Within())
            .Which.Message.Should().Contain($"to queue '{queue}' waited for its reply");
    }

    [Fact]
    public void Options_BadValues_ThrowNamingTheValueAndWhatIsAccepted()
    {
        var noQueue = () => new MessageConsumerOptions().Validate();
        var reserved = () => new MessageConsumerOptions { Queue = "amq.mine" }.Validate();
        var noAttempts = () => new MessageConsumerOptions { Queue = "q", MaxAttempts = 0 }.Validate();
        var unlimited = () => new MessageConsumerOptions { Queue = "q", Prefetch = 0 }.Validate();
        var badUri = () => new RabbitMqOptions { Uri = "http://broker" }.Validate();

        noQueue.Should().Throw<ArgumentException>().WithMessage("Queue was '': a queue name is 1 to 255 bytes*");
        reserved.Should().Throw<ArgumentException>().WithMessage("Queue was 'amq.mine'*does not start with 'amq.'*");
        noAttempts.Should().Throw<ArgumentOutOfRangeException>().WithMessage("MaxAttempts was 0*use 1 or more*");
        unlimited.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Prefetch was 0, which RabbitMQ reads as unlimited*");
        badUri.Should().Throw<ArgumentException>().WithMessage("RabbitMQ:Uri was 'http://broker': set an absolute amqp:// or amqps:// URI*");
    }

    private static IExecutor Executor(string backend, string name, int maxWorkers) => backend == CooperativeExecutor.BackendName
        ? CooperativeExecutor.Create(name, maxWorkers)
        : ThreadPoolExecutor.Create(name, maxWorkers);

    private T Own<T>(T owned)
        where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private async Task<MessageConsumer> StartAsync(IExecutor executor, MessageConsumerOptions options, MessageHandler handler) =>
        Own(await MessageConsumer.StartAsync(_connection, executor, handler, options, _logs.CreateFactory().CreateLogger("consumer")));

    private async Task<RpcClient> ClientAsync() => Own(await RpcClient.StartAsync(_connection));

    private async Task PublishAsync(string queue, string body)
    {
        await using var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, new BasicProperties { Persistent = true, MessageId = body }, Encoding.UTF8.GetBytes(body));
    }

    private async Task<uint> MessageCountAsync(string queue)
    {
        await using var channel = await _connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>The broker applies acknowledgements and returns after it answers other channels: wait for the count it settles on.</summary>
    private async Task UntilMessageCountAsync(string queue, uint expected, string because) =>
        (await Eventually.UntilAsync(() => MessageCountAsync(queue), count => count == expected)).Should().Be(expected, because);

    private async Task<BasicGetResult> NextDeadLetterAsync(string queue)
    {
        await using var channel = await _connection.CreateChannelAsync();
        var deadLetter = await Eventually.UntilAsync(() => channel.BasicGetAsync(queue, autoAck: true), result => result is not null);
        deadLetter.Should().NotBeNull($"a message reaches {queue}");
        return deadLetter!;
    }
}
