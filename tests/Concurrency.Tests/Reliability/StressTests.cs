using Concurrency.Tests.Infrastructure;
using Concurrency.Tests.Infrastructure.Backends;
using Concurrency.Tests.Cells;
using Concurrency.Cells;

namespace Concurrency.Tests.Reliability;

/// <summary>
/// Mixed load from several submitting threads: successes, failures, cancellations before queueing, while queued and
/// while running, rejections, and a shutdown racing the submissions. Afterwards every Task has completed, the
/// statistics account for every submission exactly, no worker is busy, the threads are gone and no unobserved task
/// exception was raised. Bounded for CI; set CONCURRENCY_SOAK_SECONDS to keep going for that long.
/// </summary>
[Collection(ProcessWideStatistics.Name)]
public abstract class StressTests(BackendUnderTest backend) : IAsyncLifetime
{
    private static readonly int SoakSeconds = int.TryParse(Environment.GetEnvironmentVariable("CONCURRENCY_SOAK_SECONDS"), out var seconds) ? seconds : 0;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => backend.StopAsync();

    [Fact]
    public async Task MixedLoad_FromFourThreads_EveryTaskCompletesAndTheCountsAddUp()
    {
        using var unobserved = new UnobservedExceptions();
        var deadline = DateTime.UtcNow.AddSeconds(SoakSeconds);
        int round = 0;
        do
        {
            var name = $"stx{round % 100}";
            var executor = backend.Create(new ExecutorOptions { Name = name, MaxWorkers = 4, MaxBacklog = 200 });
            var outcome = await LoadGenerator.RunAsync(executor, submitters: 4, perSubmitter: 1_000, seed: round);

            await outcome.AllEnded().Within();
            outcome.AssertAccountedFor(executor.GetStatistics());
            executor.GetPoolState().BusyWorkers.Should().Be(0);
            executor.GetPoolState().Queued.Should().Be(0);
            await executor.ShutdownAsync().Within();
            (await ThreadCensus.SettleAsync($"{name}-")).Should().Be(0, "a shut-down pool leaves no thread behind");
            outcome.Tasks.Count.Should().BeGreaterThan(500, "a good part of the load is accepted");
            outcome.Rejected.Should().BePositive("the backlog limit is exercised too");
            round++;
        }
        while (round < 5 || DateTime.UtcNow < deadline);

        unobserved.CollectAndRead().Should().BeEmpty();
    }

    [Fact]
    public async Task ShutdownRacingSubmissions_EverySubmissionEndsAcceptedAndCountedOrRefused()
    {
        using var unobserved = new UnobservedExceptions();
        for (int round = 0; round < 20; round++)
        {
            var name = $"sty{round}";
            var executor = backend.Create(new ExecutorOptions { Name = name, MaxWorkers = 3, MaxBacklog = 20 });
            var load = LoadGenerator.RunAsync(executor, submitters: 3, perSubmitter: 200, seed: 1000 + round);
            await Task.Yield();
            var shutdown = executor.ShutdownAsync(round % 2 == 0 ? ShutdownMode.CancelQueued : ShutdownMode.Drain);
            var outcome = await load.Within();
            await shutdown.Within();

            await outcome.AllEnded().Within();
            outcome.AssertAccountedFor(executor.GetStatistics());
            executor.GetPoolState().Workers.Should().Be(0);
            (await ThreadCensus.SettleAsync($"{name}-")).Should().Be(0);
        }

        unobserved.CollectAndRead().Should().BeEmpty();
    }
}

public sealed class ThreadedStressTests() : StressTests(new ThreadedUnderTest());

public sealed class DotNetPoolStressTests() : StressTests(new DotNetPoolUnderTest());

public sealed class CooperativeStressTests() : StressTests(new CooperativeUnderTest("stress-loop"));
