using System.Diagnostics;
using Concurrency;

// The main job. Until scatter-gather over real cell databases lands, it gathers from simulated cells: each cell's
// "query" is an asynchronous wait. It runs on the backend DISABLE_COOPERATIVE_MODE selects (or --backend).
const int Cells = 8;
var latency = TimeSpan.FromMilliseconds(20);

if (args is ["--backend", var backend])
{
    try
    {
        ConcurrencyBackend.Select(backend);
    }
    catch (BackendSelectionException error)
    {
        Console.Error.WriteLine(error.Message);
        Console.Error.WriteLine("usage: CellScheduler [--backend cooperative|threaded]");
        return 2;
    }
}
else if (args.Length > 0)
{
    Console.Error.WriteLine($"unknown arguments: {string.Join(' ', args)}");
    Console.Error.WriteLine("usage: CellScheduler [--backend cooperative|threaded]");
    return 2;
}

ExecutorBackend selected;
try
{
    selected = ConcurrencyBackend.Current;
}
catch (BackendSelectionException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

await using var executor = Executors.Create("cell-scheduler.scatter-gather", maxWorkers: Cells);
var stopwatch = Stopwatch.StartNew();
var hosts = await Task.WhenAll(Enumerable.Range(1, Cells).Select(cell => executor.SubmitAsync(async ct =>
{
    await Task.Delay(latency, ct);
    return $"cell{cell}: host-{cell}a, host-{cell}b";
})));
stopwatch.Stop();

Console.WriteLine($"backend: {selected.Name}");
foreach (var line in hosts)
{
    Console.WriteLine(line);
}

Console.WriteLine($"gathered {Cells} cells in {stopwatch.Elapsed.TotalMilliseconds:0} ms (each cell {latency.TotalMilliseconds:0} ms)");
Console.WriteLine($"Stats of {executor.Name} executor: {executor.GetStatistics()}");
Console.WriteLine($"State of {executor.Name} {selected.ExecutorTypeName}: {executor.GetPoolState()}");
return 0;
