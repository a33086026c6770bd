using Concurrency.Cells;
using Concurrency.Testing;

namespace Concurrency.Tests.Simulation;

public sealed class SimulationTests
{
    [Fact]
    public async Task RunAsync_SameSeed_SameTraceHash()
    {
        static async Task Body(Testing.Simulation simulation)
        {
            var executor = simulation.Backend.CreateExecutor(new ExecutorOptions { MaxWorkers = 3 });
            var tasks = Enumerable.Range(0, 20).Select(i => executor.Submit(async _ =>
            {
                await simulation.CallAsync("db");
                return i;
            })).ToList();
            (await Task.WhenAll(tasks)).Should().HaveCount(20);
            await executor.ShutdownAsync();
        }

        var first = await Testing.Simulation.RunAsync(7, Body);
        var second = await Testing.Simulation.RunAsync(7, Body);
        var other = await Testing.Simulation.RunAsync(8, Body);

        first.Failure.Should().BeNull(string.Join("\n", first.RecentEvents));
        first.TraceHash.Should().Be(second.TraceHash);
        other.TraceHash.Should().NotBe(first.TraceHash);
    }

    [Fact]
    public async Task Gather_HungCellWithThirtySecondTimeout_TakesVirtualTimeNotWallTime()
    {
        var run = await Testing.Simulation.RunAsync(1, async simulation =>
        {
            var executor = simulation.Backend.CreateExecutor(new ExecutorOptions { MaxWorkers = 8 });
            var cells = Enumerable.Range(1, 3).Select(i => new Cell($"c{i}", $"cell{i}", () => throw new InvalidOperationException("no database in this test"))).ToList();
            simulation.Faults.Cell("cell2").Hangs(observesCancellation: true);
            var results = await new ScatterGatherer(new ScatterGatherOptions { Executor = executor, Timeout = TimeSpan.FromSeconds(30) })
                .AllCellsAsync(cells, context => Task.FromResult(context.Cell.Name));
            results[0].Value.Should().Be("cell1");
            results[1].Outcome.Should().Be(CellOutcome.DidNotRespond);
            simulation.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(30));
            await executor.ShutdownAsync(ShutdownMode.CancelQueued);
        });

        run.Failure.Should().BeNull(string.Join("\n", run.RecentEvents));
        run.Escapes.Should().BeEmpty();
        run.WallTime.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_NestedSubmissionIntoFullPool_ReportsDeadlockNamingThePool()
    {
        var run = await Testing.Simulation.RunAsync(3, async simulation =>
        {
            var executor = simulation.Backend.CreateExecutor(new ExecutorOptions { Name = "hosts", MaxWorkers = 1 });
            await executor.Submit(async _ => await executor.Submit(_ => 1));
        });

        run.Failure.Should().BeOfType<SimulationException>().Which.Kind.Should().Be(SimulationFailureKind.Deadlock);
        run.Failure!.Message.Should().Contain("executor 'hosts': 1 of 1 workers busy, 1 queued");
    }

    [Fact]
    public async Task RunAsync_TaskRunInsideTheTest_ReportsTheEscape()
    {
        var run = await Testing.Simulation.RunAsync(3, async simulation =>
        {
            await Task.Run(() => 1);
        });

        run.Failure.Should().BeOfType<SimulationException>().Which.Kind.Should().Be(SimulationFailureKind.Escaped);
        run.Escapes.Should().NotBeEmpty();
    }
}
