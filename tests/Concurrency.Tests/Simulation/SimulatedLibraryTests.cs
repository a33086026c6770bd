using Concurrency.Testing;

namespace Concurrency.Tests.Simulation;

/// <summary>The library's own pieces run unchanged in a simulation: on its thread, on its clock, without escapes.</summary>
public sealed class SimulatedLibraryTests
{
    private static readonly string[] Keys = ["a", "b"];

    [Fact]
    public async Task ExecutorPools_OnTheSimulatedBackend_NamedPoolsRunOnTheSimulation()
    {
        var run = await Testing.Simulation.RunAsync(5, async simulation =>
        {
            var pools = new ExecutorPools(simulation.Backend, new ExecutorPoolsOptions { ProcessName = "sim" });
            var results = await Task.WhenAll(
                pools.Default.Submit(async _ =>
                {
                    await simulation.CallAsync("db");
                    return "default";
                }),
                pools.Get("hosts").Submit(_ => "hosts"));
            results.Should().Equal("default", "hosts");
            pools.Get("hosts").Backend.Should().Be("simulated");
            await pools.ShutdownAllAsync();
        });

        run.Failure.Should().BeNull();
        run.Escapes.Should().BeEmpty();
    }

    [Fact]
    public async Task SubmitAfter_AnHourAhead_RunsAtItsVirtualDeadlineInMilliseconds()
    {
        TimeSpan ranAt = default;
        var run = await Testing.Simulation.RunAsync(5, async simulation =>
        {
            var executor = simulation.Backend.CreateExecutor();
            await executor.SubmitAfter(TimeSpan.FromHours(1), _ => ranAt = simulation.Elapsed);
            await executor.ShutdownAsync();
        });

        run.Failure.Should().BeNull();
        ranAt.Should().Be(TimeSpan.FromHours(1));
        run.WallTime.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Waiters_WaitForAllWithTimeout_TimesOutOnTheVirtualClock()
    {
        var run = await Testing.Simulation.RunAsync(5, async simulation =>
        {
            var never = new TaskCompletionSource();
            var done = await global::Concurrency.Waiters.WaitForAllAsync([never.Task, Task.CompletedTask], TimeSpan.FromMinutes(5));
            done.NotDone.Should().ContainSingle();
            simulation.Elapsed.Should().Be(TimeSpan.FromMinutes(5));
        });

        run.Failure.Should().BeNull();
        run.Escapes.Should().BeEmpty();
    }

    [Fact]
    public async Task Submit_KeyedWork_KeepsEachKeysOrderOnEverySeed()
    {
        var runs = await Testing.Simulation.ExploreAsync(async simulation =>
        {
            var executor = simulation.Backend.CreateExecutor(new ExecutorOptions { MaxWorkers = 8 });
            var seen = new List<string>();
            var tasks = Enumerable.Range(0, 6).SelectMany(i => Keys.Select(key =>
                executor.Submit(
                    static (state, _) =>
                    {
                        state.seen.Add(state.item);
                        return 0;
                    },
                    (seen, item: $"{key}{i}"),
                    new SubmitOptions { Key = key }))).ToList();
            await Task.WhenAll(tasks);
            seen.Where(item => item[0] == 'a').Should().Equal(Enumerable.Range(0, 6).Select(i => $"a{i}"));
            seen.Where(item => item[0] == 'b').Should().Equal(Enumerable.Range(0, 6).Select(i => $"b{i}"));
            await executor.ShutdownAsync();
        }, new SimulationOptions { Seeds = 50 });

        runs.Select(run => run.TraceHash).Distinct().Should().HaveCountGreaterThan(1, "the seed varies the order between keys");
    }
}
