using System.Text.Json;
using Concurrency.AspNetCore;
using Concurrency.Cells;
using Concurrency.Hosting;
using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Databases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests.AspNetCore;

/// <summary>A cooperative service on a group of loops: configured, keyed by request and by cell, and reported per loop.</summary>
public sealed class LoopGroupServiceTests : IDisposable
{
    private readonly SqliteCells _databases = new();

    [Fact]
    public async Task LoopCount_Three_RequestsOfOneTenantRunOnTheTenantsLoop()
    {
        var settings = RunOnExecutorTests.Settings(ConcurrencyBackend.Cooperative);
        settings["Concurrency:LoopCount"] = "3";
        await using var service = await WebService.StartAsync(settings, app =>
        {
            app.MapGroup("/api").RunOnExecutor(key: context => context.Request.Query["tenant"])
                .MapGet("/where", () => Thread.CurrentThread.Name ?? string.Empty);
            app.MapConcurrencyStatus();
        });
        var host = service.Services.GetRequiredService<ConcurrencyHost>();

        var answers = new Dictionary<string, HashSet<string>>();
        foreach (var tenant in new[] { "acme", "globex", "initech", "umbrella" })
        {
            answers[tenant] = [];
            for (int i = 0; i < 5; i++)
            {
                answers[tenant].Add(await service.Client.GetStringAsync($"/api/where?tenant={tenant}").Within());
            }
        }

        using var status = JsonDocument.Parse(await service.Client.GetStringAsync("/concurrency/status").Within());

        host.Loops.Select(loop => loop.Name).Should().Equal("api.loop-0", "api.loop-1", "api.loop-2");
        foreach (var (tenant, threads) in answers)
        {
            threads.Should().ContainSingle().Which.Should().Be($"api.loop-{CooperativeLoopGroup.IndexOf(tenant, 3)}");
        }

        status.RootElement.GetProperty("loops").GetArrayLength().Should().Be(3);
        status.RootElement.GetProperty("pools").EnumerateArray().Select(pool => pool.GetProperty("pool").GetString())
            .Should().Contain(["offload-0", "offload-1", "offload-2"]);
    }

    [Fact]
    public async Task KeyByCell_OnALoopGroup_EveryCallOfACellRunsOnTheCellsLoop()
    {
        var settings = RunOnExecutorTests.Settings(ConcurrencyBackend.Cooperative);
        settings["Concurrency:LoopCount"] = "2";
        await using var service = await WebService.StartAsync(settings, _ => { });
        var gatherer = service.Services.GetRequiredService<ScatterGatherer>();
        Cell[] cells = [.. Enumerable.Range(0, 6).Select(n => _databases.Create($"cell-{n}", "h"))];

        var first = await gatherer.AllCellsAsync(cells, context => Thread.CurrentThread.Name, new ScatterGatherOptions { KeyByCell = true }).Within();
        var second = await gatherer.AllCellsAsync(cells, context => Thread.CurrentThread.Name, new ScatterGatherOptions { KeyByCell = true }).Within();

        foreach (var (cell, index) in cells.Select((cell, index) => (cell, index)))
        {
            first[index].Value.Should().Be($"api.loop-{CooperativeLoopGroup.IndexOf(cell.Id, 2)}");
            second[index].Value.Should().Be(first[index].Value, "a cell's calls never move to another loop");
        }
    }

    [Fact]
    public async Task LoopCount_OutOfRange_StopsTheStartNamingTheKey()
    {
        var settings = RunOnExecutorTests.Settings(ConcurrencyBackend.Cooperative);
        settings["Concurrency:LoopCount"] = "2000";

        var thrown = await FluentActions.Awaiting(() => WebService.StartAsync(settings, _ => { })).Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>();

        thrown.Which.Message.Should().Contain("Concurrency:LoopCount 2000 is not accepted: use 1 to 1024 loops, 0 for one per processor");
    }

    public void Dispose() => _databases.Dispose();
}
