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

    /// <param name="method">The member that was called.</param>
    /// <param name="alternative">The member that takes asynchronous work with the same meaning (the delay kept).</param>
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
