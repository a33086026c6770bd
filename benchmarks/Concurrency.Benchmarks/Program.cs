using BenchmarkDotNet.Running;
using Concurrency.Benchmarks;

// `--quick [--only FIGURE] [--chart FILE.svg]`: every figure (or one, to profile it) with few iterations, one line each.
// Anything else goes to BenchmarkDotNet: `-- --filter '*'` runs the full suite, `-- --list flat` lists it.
if (args.Length > 0 && args[0] == "--quick")
{
    string? Option(string name) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
    await QuickBenchmarks.RunAsync(Console.Out, Option("--chart"), Option("--only"));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args, new SuiteConfig());
return 0;
