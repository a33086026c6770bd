using BenchmarkDotNet.Running;
using Concurrency.Benchmarks;

// `--quick [--chart FILE.svg]`: every figure with few iterations, one line each, in well under a minute.
// Anything else goes to BenchmarkDotNet: `-- --filter '*'` runs the full suite, `-- --list flat` lists it.
if (args.Length > 0 && args[0] == "--quick")
{
    string? chart = args is [_, "--chart", var path] ? path : null;
    await QuickBenchmarks.RunAsync(Console.Out, chart);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args, new SuiteConfig());
return 0;
