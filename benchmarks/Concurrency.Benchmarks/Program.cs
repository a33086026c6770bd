using BenchmarkDotNet.Running;
using Concurrency.Benchmarks;

// `--quick [--rounds N] [--only FIGURE] [--chart FILE.svg]`: every figure (or one, to profile it) with few iterations, one
// line each, N times in turn, then a table of every judged figure's spread over the rounds.
// Anything else goes to BenchmarkDotNet: `-- --filter '*'` runs the full suite, `-- --list flat` lists it.
if (args.Length > 0 && args[0] == "--quick")
{
    string? Option(string name) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
    await QuickBenchmarks.RunAsync(
        Console.Out, Option("--chart"), Option("--only"), Option("--rounds") is { } rounds ? int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture) : 1);
    return 0;
}

// `--fixed-rate URL RATE SECONDS`: an open-loop load for an honest p99 (see FixedRateLoad).
if (args.Length == 4 && args[0] == "--fixed-rate")
{
    return await FixedRateLoad.RunAsync(
        Console.Out, new Uri(args[1]), double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)));
}

// `--rabbit-dispatch [ROUNDS] [CALLS]`: the consumer's dispatch overhead over a bare RabbitMQ.Client consumer (see RabbitDispatch).
if (args.Length > 0 && args[0] == "--rabbit-dispatch")
{
    int Count(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    return await RabbitDispatch.RunAsync(Console.Out, Count(1, 5), Count(2, 2000));
}

// `--zoo [SEEDS] [FIXED_SEEDS] [RUNS] [BUG]`: the bug zoo on the simulated and the real backends (see ZooBenchmark).
if (args.Length > 0 && args[0] == "--zoo")
{
    int Count(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    return await ZooBenchmark.RunAsync(Console.Out, Count(1, 1000), Count(2, 10_000), Count(3, 1000), args.Length > 4 ? args[4] : null);
}

// `--zoo-replay BUG SEED`: one seed of a zoo bug, printed as its trace hash and failure (the zoo's new-process replay).
if (args.Length == 3 && args[0] == "--zoo-replay")
{
    return await ZooBenchmark.ReplayOnceAsync(Console.Out, args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args, new SuiteConfig());
return 0;
