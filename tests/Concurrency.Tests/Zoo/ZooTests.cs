using BugZoo;
using Concurrency.Tests.Infrastructure;
using Concurrency.Testing;
using Xunit.Abstractions;

namespace Concurrency.Tests.Zoo;

/// <summary>
/// Every bug of the zoo is found on the simulated backend within a few hundred seeds, and its seed replays the same
/// run; every fix passes those seeds and runs clean on the real backends. The benchmark runs the full counts.
/// </summary>
public sealed class ZooTests(ITestOutputHelper output)
{
    private const int Seeds = 300;

    public static TheoryData<string> Bugs => [.. BugZoo.Zoo.All.Select(bug => bug.Name)];

    [Theory]
    [MemberData(nameof(Bugs))]
    public async Task Simulation_BuggyService_FindsTheBugAndItsSeedReplaysTheSameRun(string name)
    {
        var bug = BugZoo.Zoo.Get(name);
        SimulationRun? found = null;
        for (int seed = 1; seed <= Seeds && found is null; seed++)
        {
            var run = await Testing.Simulation.RunAsync(seed, simulation => bug.RunAsync(BackendRun.For(simulation), fixedVersion: false));
            if (!run.Passed)
            {
                bug.Shows(run.Failure!).Should().BeTrue($"seed {seed} failed some other way: {run.Failure}");
                found = run;
            }
        }

        found.Should().NotBeNull($"the simulation should find '{name}' within {Seeds} seeds");
        output.WriteLine($"{name}: found at {found}: {found!.Failure!.Message}");
        var replay = await Testing.Simulation.RunAsync(found.Seed, simulation => bug.RunAsync(BackendRun.For(simulation), fixedVersion: false));
        replay.TraceHash.Should().Be(found.TraceHash);
        replay.Failure!.Message.Should().Be(found.Failure.Message);
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public async Task Simulation_FixedService_PassesEverySeed(string name)
    {
        var bug = BugZoo.Zoo.Get(name);

        var runs = await Testing.Simulation.ExploreAsync(simulation => bug.RunAsync(BackendRun.For(simulation), fixedVersion: true), new SimulationOptions { Seeds = Seeds });

        runs.Should().HaveCount(Seeds).And.OnlyContain(run => run.Passed && run.Escapes.Count == 0);
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public async Task RealBackends_FixedService_RunsClean(string name)
    {
        var bug = BugZoo.Zoo.Get(name);
        foreach (var backend in new[] { TestBackend.Threaded, TestBackend.Cooperative })
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                await TestBackend.Of(backend).RunAsync(run => bug.RunAsync(run, fixedVersion: true)).Within();
            }
        }
    }
}
