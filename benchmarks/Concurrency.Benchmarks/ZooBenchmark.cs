using System.Diagnostics;
using BugZoo;
using Concurrency.Cells;
using Concurrency.PeriodicWork;
using Concurrency.Testing;

namespace Concurrency.Benchmarks;

/// <summary>
/// The zoo's figures (issue 31): for every bug, the first seed that finds it on the simulated backend and the wall
/// time to get there, replays of that seed in this process and in new ones, the fixed version on many seeds, and how
/// many runs on each real backend saw the bug; then the simulation's own speed on a hung gather and a day of periodic work.
/// </summary>
internal static class ZooBenchmark
{
    public static async Task<int> RunAsync(TextWriter output, int seeds, int fixedSeeds, int runs, string? only)
    {
        output.WriteLine($"# zoo: {seeds} seeds to find, {fixedSeeds} seeds for each fix, {runs} runs on each real backend; {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine(QuickReport.FiguresMarker);
        output.WriteLine("| bug | found at seed | wall to find | slowest seed | replays, same hash and failure | new processes, same | fix: seeds passed | fix wall | threaded: runs that found it | cooperative: runs that found it |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var bug in BugZoo.Zoo.All.Where(bug => only is null || bug.Name == only))
        {
            var (found, findWall, slowest) = await FindAsync(bug, seeds);
            int replays = found is null ? 0 : await ReplayAsync(bug, found, 100);
            int processes = found is null ? 0 : await ReplayInNewProcessesAsync(bug, found, 3);
            var fixWall = Stopwatch.StartNew();
            int fixedPassed = await FixedAsync(bug, fixedSeeds);
            fixWall.Stop();
            int threaded = await RealAsync(bug, TestBackend.Threaded, runs);
            int cooperative = await RealAsync(bug, TestBackend.Cooperative, runs);
            output.WriteLine(
                $"| {bug.Name} | {(found is null ? $"not found in {seeds}" : found.Seed.ToString(Invariant))} | {findWall.TotalMilliseconds:0} ms | {slowest.TotalMilliseconds:0} ms | " +
                $"{replays}/100 | {processes}/3 | {fixedPassed}/{fixedSeeds} | {fixWall.Elapsed.TotalSeconds:0.0} s | {threaded}/{runs} | {cooperative}/{runs} |");
        }

        if (only is null)
        {
            output.WriteLine();
            await SimulationSpeedAsync(output, rounds: 5);
        }

        output.WriteLine(QuickReport.EndOfFiguresMarker);
        return 0;
    }

    /// <summary>`--zoo-replay BUG SEED`: one run in this process, printed as its trace hash and failure, for a parent to compare.</summary>
    public static async Task<int> ReplayOnceAsync(TextWriter output, string bug, int seed)
    {
        var zooBug = BugZoo.Zoo.Get(bug);
        var run = await Simulation.RunAsync(seed, simulation => zooBug.RunAsync(BackendRun.For(simulation), fixedVersion: false));
        output.WriteLine(Signature(run));
        return 0;
    }

    private static string Signature(SimulationRun run) => $"{run.TraceHash} {run.Failure?.GetType().Name}: {run.Failure?.Message}".ReplaceLineEndings(" ");

    private static async Task<(SimulationRun? Found, TimeSpan Wall, TimeSpan Slowest)> FindAsync(ZooBug bug, int seeds)
    {
        var wall = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        for (int seed = 1; seed <= seeds; seed++)
        {
            var run = await Simulation.RunAsync(seed, simulation => bug.RunAsync(BackendRun.For(simulation), fixedVersion: false));
            slowest = run.WallTime > slowest ? run.WallTime : slowest;
            if (!run.Passed && bug.Shows(run.Failure!))
            {
                return (run, wall.Elapsed, slowest);
            }
        }

        return (null, wall.Elapsed, slowest);
    }

    private static async Task<int> ReplayAsync(ZooBug bug, SimulationRun found, int times)
    {
        int same = 0;
        for (int i = 0; i < times; i++)
        {
            var run = await Simulation.RunAsync(found.Seed, simulation => bug.RunAsync(BackendRun.For(simulation), fixedVersion: false));
            same += Signature(run) == Signature(found) ? 1 : 0;
        }

        return same;
    }

    private static async Task<int> ReplayInNewProcessesAsync(ZooBug bug, SimulationRun found, int processes)
    {
        int same = 0;
        for (int i = 0; i < processes; i++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
            foreach (var argument in (string[])[typeof(ZooBenchmark).Assembly.Location, "--zoo-replay", bug.Name, found.Seed.ToString(Invariant)])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            string printed = (await process.StandardOutput.ReadToEndAsync()).Trim();
            await process.WaitForExitAsync();
            same += printed == Signature(found) ? 1 : 0;
        }

        return same;
    }

    private static async Task<int> FixedAsync(ZooBug bug, int seeds)
    {
        int passed = 0;
        for (int seed = 1; seed <= seeds; seed++)
        {
            var run = await Simulation.RunAsync(seed, simulation => bug.RunAsync(BackendRun.For(simulation), fixedVersion: true));
            passed += run.Passed && run.Escapes.Count == 0 ? 1 : 0;
        }

        return passed;
    }

    private static async Task<int> RealAsync(ZooBug bug, string backend, int runs)
    {
        int found = 0;
        for (int i = 0; i < runs; i++)
        {
            try
            {
                await TestBackend.Of(backend).RunAsync(run => bug.RunAsync(run, fixedVersion: false));
            }
            catch (Exception error) when (bug.Shows(error))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>
    /// Two figures of the simulation itself, a 30 s gather with a hung cell and a day of work every 10 s, taking turns
    /// for <paramref name="rounds"/> rounds: their wall time's spread, met when the median is under the target.
    /// </summary>
    private static async Task SimulationSpeedAsync(TextWriter output, int rounds)
    {
        var measured = new Rounds();
        for (int round = 0; round < rounds; round++)
        {
            measured.Add("gather", (await HungGatherAsync()).TotalMilliseconds);
            measured.Add("day", (await PeriodicDayAsync()).TotalMilliseconds);
        }

        output.WriteLine("| figure | min | median | max | target | met |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, figure, target) in new[] { ("a 30 s gather with a hung cell, simulated: wall ms", "gather", 50.0), ("a day of work every 10 s, simulated: wall ms", "day", 1000.0) })
        {
            var (min, median, max) = Rounds.Spread(measured.Of(figure));
            output.WriteLine(string.Create(Invariant, $"| {name} | {min:0.0} | **{median:0.0}** | {max:0.0} | under {target:0} | {(median < target ? "yes" : "**no**")} |"));
        }
    }

    private static async Task<TimeSpan> HungGatherAsync()
    {
        var gather = await Simulation.RunAsync(1, async simulation =>
        {
            simulation.Faults.Cell("cell2").Hangs();
            var executor = simulation.Backend.CreateExecutor(new ExecutorOptions { MaxWorkers = 8 });
            var cells = Enumerable.Range(1, 3).Select(i => new Cell($"{i}", $"cell{i}", () => throw new NotSupportedException("no database"))).ToList();
            var results = await new ScatterGatherer(new ScatterGatherOptions { Executor = executor, Timeout = TimeSpan.FromSeconds(30) })
                .AllCellsAsync(cells, context => Task.FromResult(context.Cell.Name));
            if (results[1].Outcome != CellOutcome.DidNotRespond || simulation.Elapsed < TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("The hung cell's gather did not wait out its 30 s timeout.");
            }

            simulation.Faults.Cell("cell2").Recover();
            await executor.ShutdownAsync();
        });
        return gather.Passed ? gather.WallTime : throw new InvalidOperationException($"The hung gather's simulation failed: {gather.Failure!.Message}");
    }

    private static async Task<TimeSpan> PeriodicDayAsync()
    {
        int runs = 0;
        var day = await Simulation.RunAsync(1, async simulation =>
        {
            await using var worker = new PeriodicWorker(simulation.Backend.CreateExecutor());
            worker.Add("every-10s", _ => Interlocked.Increment(ref runs), TimeSpan.FromSeconds(10));
            worker.Start();
            await Task.Delay(TimeSpan.FromDays(1), simulation.Time);
        }, new SimulationOptions { MaxSteps = 10_000_000 });
        return day.Passed && runs == 8640
            ? day.WallTime
            : throw new InvalidOperationException($"The day of periodic work ran {runs} times, not 8,640: {day.Failure?.Message ?? "no failure"}");
    }

    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;
}
