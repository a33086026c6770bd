using System.Net;
using System.Text.Json;
using Concurrency.AspNetCore;
using Concurrency.Cells;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Concurrency.Testing;

namespace Concurrency.Tests.AspNetCore;

/// <summary>The health check and the status endpoint of a real service, on both backends and real SQLite cells.</summary>
public sealed class HealthAndStatusTests : IDisposable
{
    private readonly SqliteCells _databases = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task Health_PoolStarvesThenShutsDown_DegradedNamingThePoolThenUnhealthy(string backend)
    {
        await using var service = await WebService.StartAsync(RunOnExecutorTests.Settings(backend, defaultPool: 1), Map);
        var health = service.Services.GetRequiredService<HealthCheckService>();
        var pool = service.Services.GetRequiredService<ExecutorPools>().Default;
        (await health.CheckHealthAsync().Within()).Status.Should().Be(HealthStatus.Healthy);

        var holder = service.Client.GetStringAsync("/api/hold");
        await _held.Task.Within();
        var queued = service.Client.GetStringAsync("/api/quick");
        await Eventually.Until(() => pool.GetPoolState().Queued == 1, "the second request queues");
        var starving = (await health.CheckHealthAsync().Within()).Entries["concurrency"];
        _release.SetResult();
        await Task.WhenAll(holder, queued).Within();
        await service.Services.GetRequiredService<ExecutorPools>().ShutdownAllAsync().Within();
        var down = (await health.CheckHealthAsync().Within()).Entries["concurrency"];
        using var overHttp = await service.Client.GetAsync("/health").Within();

        starving.Status.Should().Be(HealthStatus.Degraded);
        starving.Description.Should().Be("the default pool starves: 1 queued, all 1 workers busy");
        down.Status.Should().Be(HealthStatus.Unhealthy);
        down.Description.Should().StartWith("Concurrency pools shut down: default");
        overHttp.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task Health_CallLeftRunningOnAHungCell_DegradedNamingThePoolAndTheCell(string backend)
    {
        var clock = new ManualTimeProvider();
        var settings = RunOnExecutorTests.Settings(backend);
        settings["Concurrency:ScatterGatherTimeoutSeconds"] = "1";
        await using var service = await WebService.StartAsync(settings, Map, more: services => services.AddSingleton<TimeProvider>(clock));
        var gatherer = service.Services.GetRequiredService<ScatterGatherer>();
        var health = service.Services.GetRequiredService<HealthCheckService>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cell = _databases.Create("frozen", "h");

        var gather = gatherer.AllCellsAsync([cell], async context =>
        {
            started.SetResult();
            await _release.Task;
            return 0;
        });
        await started.Task.Within();
        clock.Advance(TimeSpan.FromSeconds(1));
        var results = await gather.Within();
        var hung = (await health.CheckHealthAsync().Within()).Entries["concurrency"];
        _release.SetResult();
        await results.LeftRunningEnded.Within();
        var back = (await health.CheckHealthAsync().Within()).Entries["concurrency"];

        hung.Status.Should().Be(HealthStatus.Degraded);
        hung.Description.Should().Be("the scatter-gather pool has 1 call(s) left running on cell cell frozen (frozen), hung since 2026-01-01T00:00:01.0000000+00:00");
        back.Status.Should().Be(HealthStatus.Healthy);
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task Health_CellFailsEveryGather_DegradedNamingTheCellOnceItsLastCallsAllFailed(string backend)
    {
        await using var service = await WebService.StartAsync(
            RunOnExecutorTests.Settings(backend), Map, more: services => services.AddHealthChecks().AddConcurrency("strict", configure: options => options.UnansweredCallsForDegraded = 1));
        var gatherer = service.Services.GetRequiredService<ScatterGatherer>();
        var health = service.Services.GetRequiredService<HealthCheckService>();
        Cell[] cells = [_databases.Create("good", "h1"), _databases.Missing("gone")];
        Task<CellResults<int>> Gather() => gatherer.AllCellsAsync(cells, context => context.Query((connection, _) => 1));

        var first = await Gather().Within();
        var afterOne = await health.CheckHealthAsync().Within();
        await Gather().Within();
        (await health.CheckHealthAsync().Within()).Entries["concurrency"].Status.Should().Be(HealthStatus.Healthy, "two failures in a row are under the default of three");
        await Gather().Within();
        var afterThree = (await health.CheckHealthAsync().Within()).Entries["concurrency"];

        first["gone"].Reason.Should().StartWith("failed with SqliteException: ").And.Contain("unable to open database file");
        first["good"].Reason.Should().Be("responded");
        afterOne.Entries["concurrency"].Status.Should().Be(HealthStatus.Healthy);
        afterOne.Entries["strict"].Status.Should().Be(HealthStatus.Degraded, "its threshold is one call");
        afterThree.Status.Should().Be(HealthStatus.Degraded);
        afterThree.Description.Should().StartWith("cell cell gone (gone) on the scatter-gather pool: its last 3 call(s) failed or did not respond (last: failed with SqliteException: ")
            .And.NotContain("good");
    }

    [Fact]
    public void UnansweredCallsForDegraded_BelowOne_ThrowsNamingTheValueAndTheRange()
    {
        var options = new ConcurrencyHealthCheckOptions();

        FluentActions.Invoking(() => options.UnansweredCallsForDegraded = 0).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("UnansweredCallsForDegraded 0 is not accepted: use 1 or more*");
    }

    [Theory]
    [InlineData(ConcurrencyBackend.Threaded)]
    [InlineData(ConcurrencyBackend.Cooperative)]
    public async Task MapConcurrencyStatus_AfterAGather_ShowsTheBackendEveryPoolAndScatterGather(string backend)
    {
        await using var service = await WebService.StartAsync(RunOnExecutorTests.Settings(backend), Map);
        var gatherer = service.Services.GetRequiredService<ScatterGatherer>();
        await gatherer.AllCellsAsync([_databases.Create("c1", "h1")], context => 1).Within();

        using var status = JsonDocument.Parse(await service.Client.GetStringAsync("/concurrency/status").Within());
        var root = status.RootElement;

        root.GetProperty("backend").GetString().Should().Be(backend);
        root.GetProperty("backendReason").GetString().Should().Be($"Concurrency:Backend {backend}");
        var pools = root.GetProperty("pools").EnumerateArray().Select(pool => pool.GetProperty("pool").GetString()).ToList();
        pools.Should().Contain("scatter-gather");
        root.GetProperty("scatterGather").GetProperty("calls").GetInt64().Should().Be(1);
        var scatterGather = root.GetProperty("pools").EnumerateArray().Single(pool => pool.GetProperty("pool").GetString() == "scatter-gather");
        scatterGather.GetProperty("statistics").GetProperty("executed").GetInt64().Should().Be(1);
        scatterGather.GetProperty("state").GetProperty("maxWorkers").GetInt32().Should().Be(backend == ConcurrencyBackend.Threaded ? 256 : 1000);
        var dotNetPool = root.GetProperty("dotNetPool");
        dotNetPool.GetProperty("threads").GetInt32().Should().BePositive("the request itself ran on a .NET pool thread");
        dotNetPool.GetProperty("minThreads").GetInt32().Should().BePositive();
        dotNetPool.GetProperty("stalls").GetInt64().Should().BeGreaterThanOrEqualTo(0, "the watchdog is on by default");
        if (backend == ConcurrencyBackend.Cooperative)
        {
            pools.Should().Contain("offload", "the loop's offload pool is a pool like the others");
            root.GetProperty("loops").EnumerateArray().Select(loop => loop.GetProperty("name").GetString()).Should().Equal("api.loop");
        }
        else
        {
            pools.Should().NotContain("offload");
            root.GetProperty("loops").GetArrayLength().Should().Be(0);
        }
    }

    public void Dispose() => _databases.Dispose();

    private void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").RunOnExecutor();
        api.MapGet("/hold", async () =>
        {
            _held.TrySetResult();
            await _release.Task;
            return "held";
        });
        api.MapGet("/quick", () => "quick");
        app.MapHealthChecks("/health");
        app.MapConcurrencyStatus();
    }
}
