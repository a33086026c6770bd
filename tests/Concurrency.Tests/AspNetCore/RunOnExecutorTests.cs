using System.Net;
using Concurrency.AspNetCore;
using Concurrency.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Concurrency.Testing;

namespace Concurrency.Tests.AspNetCore;

/// <summary>Request handlers on the process's backend, over real HTTP to Kestrel on 127.0.0.1.</summary>
public sealed class RunOnExecutorTests
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _quickRan;

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded, @"^api\.default-\d+ then ")]
    [InlineData(ConcurrencyBackend.Cooperative, @"^api\.loop then api\.loop$")]
    public async Task RunOnExecutor_Handler_StartsOnTheBackendsWorkerAndOnTheLoopStaysThere(string backend, string expected)
    {
        await using var service = await WebService.StartAsync(Settings(backend), Map);

        string where = await service.Client.GetStringAsync("/api/where").Within();

        where.Should().MatchRegex(expected, "a pool thread starts the handler; on the loop its awaits resume on the loop too");
        service.Services.GetRequiredService<ExecutorPools>().Default.GetStatistics().Executed.Should().Be(1);
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task UseExecutor_WholePipeline_RunsThroughThePool(string backend)
    {
        await using var service = await WebService.StartAsync(Settings(backend), app =>
        {
            app.UseExecutor();
            app.MapGet("/plain", () => Thread.CurrentThread.Name ?? string.Empty);
        });

        string where = await service.Client.GetStringAsync("/plain").Within();

        where.Should().StartWith(backend == ConcurrencyBackend.Cooperative ? "api.loop" : "api.default-");
        service.Services.GetRequiredService<ExecutorPools>().Default.GetStatistics().Executed.Should().Be(1, "the request ran through the pool");
    }

    [Fact]
    public async Task RunOnExecutor_PoolsShutDown_Answers503WithRetryAfterNamingThePool()
    {
        await using var service = await WebService.StartAsync(Settings(ConcurrencyBackend.Threaded), Map);
        await service.Services.GetRequiredService<ExecutorPools>().ShutdownAllAsync().Within();

        using var response = await service.Client.GetAsync("/api/where").Within();

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await response.Content.ReadAsStringAsync()).Should().Contain("The default pool refused the request");
    }

    [Fact]
    public async Task RunOnExecutor_ClientGoesAwayWhileQueued_TheRequestIsCanceledAndNeverRuns()
    {
        await using var service = await WebService.StartAsync(Settings(ConcurrencyBackend.Threaded, defaultPool: 1), Map);
        var pool = service.Services.GetRequiredService<ExecutorPools>().Default;
        var holder = service.Client.GetStringAsync("/api/hold");
        await _held.Task.Within();
        using var leaving = new CancellationTokenSource();

        var queued = service.Client.GetAsync("/api/quick", leaving.Token);
        await Eventually.Until(() => pool.GetPoolState().Queued == 1, "the second request queues behind the first");
        await leaving.CancelAsync();
        await FluentActions.Awaiting(() => queued).Should().ThrowAsync<TaskCanceledException>();
        await Eventually.Until(() => pool.GetStatistics().Canceled == 1, "the server sees the client leave and cancels the queued request");
        _release.SetResult();
        await holder.Within();

        Volatile.Read(ref _quickRan).Should().Be(0);
        pool.GetStatistics().Executed.Should().Be(1);
    }

    [Fact]
    public async Task RunOnExecutor_RequestWaitedForAWorker_TheWaitIsInTheFeatureAndServerTiming()
    {
        var clock = new ManualTimeProvider();
        await using var service = await WebService.StartAsync(
            Settings(ConcurrencyBackend.Threaded, defaultPool: 1), Map, more: services => services.AddSingleton<TimeProvider>(clock));
        var pool = service.Services.GetRequiredService<ExecutorPools>().Default;
        var holder = service.Client.GetStringAsync("/api/hold");
        await _held.Task.Within();

        var queued = service.Client.GetAsync("/api/waited");
        await Eventually.Until(() => pool.GetPoolState().Queued == 1, "the second request queues behind the first");
        clock.Advance(TimeSpan.FromMilliseconds(250));
        _release.SetResult();
        using var response = await queued.Within();
        await holder.Within();

        (await response.Content.ReadAsStringAsync()).Should().Be("default 250");
        response.Headers.GetValues("Server-Timing").Should().ContainSingle().Which.Should().Be("queue;dur=250");
    }

    [Fact]
    public void RunOnExecutor_BadPoolName_ThrowsNamingItAndTheRule()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        FluentActions.Invoking(() => app.MapGroup("/x").RunOnExecutor("Cell Pool"))
            .Should().Throw<ArgumentException>().WithMessage("Pool name 'Cell Pool' is not accepted*such as 'default'*");
        FluentActions.Invoking(() => app.MapGroup("/x").RunOnExecutor(retryAfter: TimeSpan.FromMilliseconds(10)))
            .Should().Throw<ArgumentException>().WithMessage("Retry-After 00:00:00.0100000 is not accepted*");
    }

    internal static Dictionary<string, string?> Settings(string backend, int? defaultPool = null)
    {
        // Dedicated threads, named after their pool, show which pool a handler ran on.
        var settings = new Dictionary<string, string?> { ["Concurrency:Backend"] = backend, ["Concurrency:ProcessName"] = "api", ["Concurrency:Threads"] = "Dedicated" };
        if (defaultPool is { } size)
        {
            settings[$"Concurrency:Pools:{backend}:default"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").RunOnExecutor();
        api.MapGet("/where", async () =>
        {
            string before = Thread.CurrentThread.Name ?? "?";
            await Task.Yield();
            return $"{before} then {Thread.CurrentThread.Name}";
        });
        api.MapGet("/hold", async () =>
        {
            _held.TrySetResult();
            await _release.Task;
            return "held";
        });
        api.MapGet("/quick", () =>
        {
            Interlocked.Increment(ref _quickRan);
            return "quick";
        });
        api.MapGet("/waited", (HttpContext context) =>
        {
            var queue = context.Features.Get<IRequestQueueFeature>()!;
            return $"{queue.Pool} {queue.QueueWait.TotalMilliseconds:0}";
        });
    }
}
