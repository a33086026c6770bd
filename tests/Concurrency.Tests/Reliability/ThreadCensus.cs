namespace Concurrency.Tests.Reliability;

/// <summary>Counts this process's threads whose name starts with a prefix, from /proc (names are cut at 15 characters).</summary>
public static class ThreadCensus
{
    public static int Count(string prefix) =>
        Directory.GetDirectories("/proc/self/task")
            .Select(task => TryRead(Path.Combine(task, "comm")))
            .Count(name => name is not null && name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// Waits until no such thread is listed. A joined thread is dead to .NET a moment before the kernel drops it from
    /// /proc, and there is no event for that last step, so this asks again until it is gone (bounded by the ceiling).
    /// </summary>
    public static async Task<int> SettleAsync(string prefix)
    {
        var ceiling = DateTime.UtcNow + Infrastructure.TestTimeouts.Ceiling;
        int count;
        while ((count = Count(prefix)) > 0 && DateTime.UtcNow < ceiling)
        {
            await Task.Yield();
        }

        return count;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null; // the thread ended while we looked
        }
    }
}
