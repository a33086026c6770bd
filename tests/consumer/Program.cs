using Concurrency;

try
{
    // The backend comes from DISABLE_COOPERATIVE_MODE: unset means cooperative, "true" means threaded.
    await using IExecutor executor = Executors.Create("quickstart", maxWorkers: 4);

    int answer = await executor.Submit(ct => 6 * 7);                       // synchronous work
    string text = await executor.Submit(async ct =>                        // asynchronous work
    {
        await Task.Yield();
        return "hello";
    });

    Console.WriteLine($"backend: {executor.Backend}, answer: {answer}, text: {text}");
    Console.WriteLine($"Stats of quickstart executor: {executor.GetStatistics()}");
    Console.WriteLine($"State of quickstart executor: {executor.GetPoolState()}");
    return 0;
}
catch (BackendSelectionException error)
{
    // A value of DISABLE_COOPERATIVE_MODE that is not understood is an error, never a silent fallback.
    Console.Error.WriteLine(error.Message);
    return 2;
}
