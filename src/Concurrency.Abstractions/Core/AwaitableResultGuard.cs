namespace Concurrency.Core;

/// <summary>
/// Refuses synchronous submissions whose result is a Task: the pool would count them finished at their first await.
/// The check is computed once per result type.
/// </summary>
internal static class AwaitableResultGuard<TResult>
{
    private static readonly bool s_isAwaitable =
        typeof(Task).IsAssignableFrom(typeof(TResult))
        || typeof(TResult) == typeof(ValueTask)
        || (typeof(TResult).IsGenericType && typeof(TResult).GetGenericTypeDefinition() == typeof(ValueTask<>));

    public static bool IsAwaitable => s_isAwaitable;

    /// <summary>Refuses a synchronous submission whose result is awaitable (a generic caller forced it past overload resolution).</summary>
    /// <param name="work">The name of the refused parameter.</param>
    public static void ThrowIfAwaitable(string work = "work")
    {
        if (s_isAwaitable)
        {
            throw new ArgumentException(
                $"Synchronous work that returns {typeof(TResult).Name} was submitted: it would count as finished at its first await. Submit it as asynchronous work (Func<CancellationToken, Task<T>>, which overload resolution picks for an async lambda); synchronous work returns a plain value.",
                work);
        }
    }

    /// <summary>Refuses a blocking call whose result is awaitable, naming the member and what to use instead.</summary>
    /// <param name="method">The member that was called.</param>
    /// <param name="alternative">What to do with asynchronous work instead.</param>
    /// <param name="work">The name of the refused parameter.</param>
    public static void ThrowIfAwaitable(string method, string alternative, string work = "work")
    {
        if (s_isAwaitable)
        {
            throw new ArgumentException(
                $"{method} was given work that returns {typeof(TResult).Name}: it would count as finished at its first await. Use {alternative} for asynchronous work; {method} accepts work that returns a plain value.",
                work);
        }
    }
}
