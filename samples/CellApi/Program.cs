using CellApi;
using CellScheduler;

try
{
    var app = await CellApiApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (UsageException error)
{
    await Console.Error.WriteLineAsync($"error: {error.Message}");
    return 2;
}
