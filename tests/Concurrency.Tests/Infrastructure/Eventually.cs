namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Polls without sleeping, each turn yielding, for state that another thread, process or broker settles a moment
/// after the event a test awaited; <see cref="TestTimeouts.Ceiling"/> (or a longer ceiling given) bounds the wait.
/// </summary>
public static class Eventually
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails the test at the ceiling.</summary>
    public static async Task Until(Func<bool> condition, string because)
    {
        var ceiling = DateTime.UtcNow + TestTimeouts.Ceiling;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(ceiling, because);
            await Task.Yield();
        }
    }

    /// <summary>Asks <paramref name="probe"/> until its answer is <paramref name="done"/> or the ceiling passes, and returns the last answer for the test to assert on.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? ceiling = null)
    {
        var limit = DateTime.UtcNow + (ceiling ?? TestTimeouts.Ceiling);
        while (true)
        {
            var answer = await probe();
            if (done(answer) || DateTime.UtcNow >= limit)
            {
                return answer;
            }

            await Task.Yield();
        }
    }
}
