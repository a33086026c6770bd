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

    public static void ThrowIfAwaitable()
    {
        if (s_isAwaitable)
        {
            throw new ArgumentException(
                $"Submit was given work that returns {typeof(TResult).Name}: it would count as finished at its first await. Use SubmitAsync for asynchronous work; Submit accepts work that returns a plain value.",
                "work");
        }
    }
}
