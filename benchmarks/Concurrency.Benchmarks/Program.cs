using Concurrency.Benchmarks;

// `--quick` prints one line per figure for routine checks. The full BenchmarkDotNet suite is still to come (issue 6).
if (args is ["--quick"])
{
    await QuickBenchmarks.RunAsync(Console.Out);
    return 0;
}

Console.Error.WriteLine("usage: dotnet run -c Release --project benchmarks/Concurrency.Benchmarks -- --quick");
return 2;
