using Concurrency.Testing;

namespace Concurrency.Tests.Simulation;

/// <summary>What the simulation reports when a run cannot be trusted or cannot go on, each with where it happened.</summary>
public sealed class SimulationFailureTests
{
    [Fact]
    public async Task RunAsync_RealTimerCompletesWhatTheTestAwaits_ReportsTheEscape()
    {
        var run = await Testing.Simulation.RunAsync(1, async _ =>
        {
            // The await is registered before the real timer exists, so the timer always fires after it, off the simulation.
            var fired = new TaskCompletionSource();
            var awaiting = AwaitAsync(fired.Task);
            using var timer = new Timer(_ => fired.TrySetResult(), null, 1, Timeout.Infinite);
            await awaiting;
        });

        run.Failure.Should().BeOfType<SimulationException>().Which.Kind.Should().Be(SimulationFailureKind.Escaped);
        run.Escapes.Should().Contain(escape => escape.How == "ran on a real timer" || escape.How == "came back from another thread");
    }

    [Fact]
    public async Task RunAsync_ConfigureAwaitFalseAfterAVirtualDelay_ReportsTheAwaitThatLeft()
    {
        var run = await Testing.Simulation.RunAsync(1, async simulation =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), simulation.Time).ConfigureAwait(false);
        });

        run.Failure.Should().BeOfType<SimulationException>().Which.Kind.Should().Be(SimulationFailureKind.Escaped);
        run.Escapes.Should().Contain(escape => escape.Where.Contains("SimulationFailureTests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BlockingWaitOnTheSimulation_ReportsBlockedNamingTheStep()
    {
        var run = await Testing.Simulation.RunAsync(1, simulation =>
        {
            var executor = simulation.Backend.CreateExecutor();
            var later = executor.SubmitAfter(TimeSpan.FromSeconds(1), _ => 1);
            return Task.FromResult(later.Result);
        }, new SimulationOptions { BlockedAfter = TimeSpan.FromMilliseconds(300) });

        run.Failure.Should().BeOfType<SimulationException>().Which.Kind.Should().Be(SimulationFailureKind.Blocked);
        run.Failure!.Message.Should().Contain("the test starts").And.Contain("blocking wait");
    }

    [Fact]
    public async Task RunAsync_AsyncVoidThrows_ReportsTheUnobservedException()
    {
        var run = await Testing.Simulation.RunAsync(1, async simulation =>
        {
            FireAndForget(simulation);
            await Task.Delay(TimeSpan.FromSeconds(1), simulation.Time);
        });

        run.Failure.Should().BeOfType<SimulationException>().Which.Kind.Should().Be(SimulationFailureKind.Unhandled);
        run.Failure!.InnerException.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("lost");
    }

    [Fact]
    public async Task RunAsync_EndlessYields_StopsAtTheStepLimit()
    {
        var run = await Testing.Simulation.RunAsync(1, async _ =>
        {
            while (true)
            {
                await Task.Yield();
            }
        }, new SimulationOptions { MaxSteps = 1_000 });

        run.Failure.Should().BeOfType<SimulationException>().Which.Kind.Should().Be(SimulationFailureKind.Limit);
        run.Failure!.Message.Should().Contain("1,000 steps");
    }

    [Fact]
    public async Task ExploreAsync_FailingSeed_ThrowsWithTheSeedTheCauseAndAReplayCommandNamingThisTest()
    {
        var thrown = await FluentActions.Awaiting(() => Testing.Simulation.ExploreAsync(simulation =>
        {
            simulation.Seed.Should().BeLessThan(3);
            return Task.CompletedTask;
        })).Should().ThrowAsync<SimulationFailedException>();

        var failure = thrown.Which;
        failure.Seed.Should().Be(3);
        failure.ReplayCommand.Should().Be(
            $"{SimulationOptions.SeedVariable}=3 dotnet test --filter \"FullyQualifiedName=Concurrency.Tests.Simulation.SimulationFailureTests.ExploreAsync_FailingSeed_ThrowsWithTheSeedTheCauseAndAReplayCommandNamingThisTest\"");
        failure.Message.Should().StartWith("Simulation seed 3 failed").And.Contain("Replay: ").And.Contain("the test starts");
    }

    [Fact]
    public void Options_BadValues_ThrowNamingTheValueAndWhatIsAccepted()
    {
        FluentActions.Invoking(() => new SimulationOptions { Seeds = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("Seeds 0 is not accepted: use 1 or more.*");
        FluentActions.Invoking(() => new SimulationOptions { BlockedAfter = TimeSpan.Zero }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("BlockedAfter 00:00:00 is not accepted: use a positive duration.*");
        FluentActions.Invoking(() => TestBackend.Of("green")).Should().Throw<ArgumentException>().WithMessage("Backend 'green' is not accepted: use 'threaded', 'cooperative' or 'simulated'.*");
        var plan = new FaultPlan(TimeProvider.System, 1);
        FluentActions.Invoking(() => plan.Call("db").Fails(1.5)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("Probability 1.5 is not accepted: use 0 to 1.*");
        FluentActions.Invoking(() => plan.Call("db").Latency(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("The latency range 00:00:02 to 00:00:01 is not accepted*");
    }

    private static async Task AwaitAsync(Task task) => await task;

#pragma warning disable VSTHRD100 // An async void method is the point of this test.
    private static async void FireAndForget(Testing.Simulation simulation)
    {
        await simulation.CallAsync("x");
        throw new InvalidOperationException("lost");
    }
#pragma warning restore VSTHRD100
}
