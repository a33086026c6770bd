namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// A ceiling for awaiting something that must happen, so a bug fails the test instead of hanging the run.
/// Never used to make something happen: no test waits for time to pass.
/// </summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    public static Task Within(this Task task) => task.WaitAsync(Ceiling);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Ceiling);
}
