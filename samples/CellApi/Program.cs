using CellApi;
using CellScheduler;

if (args is ["--help" or "-h", ..])
{
    Console.WriteLine(CellApiApp.Usage);
    return 0;
}

try
{
    var app = await CellApiApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (UsageException error)
{
    await Console.Error.WriteLineAsync($"error: {error.Message}");
    await Console.Error.WriteLineAsync(CellApiApp.Usage);
    return 2;
}
