namespace Concurrency.Cells;

/// <summary>A cell query in one of its two shapes: asynchronous, or blocking (a synchronous driver).</summary>
internal readonly record struct CellQuery<T>(Func<CellContext, Task<T>>? Async, Func<CellContext, T>? Blocking)
{
    /// <summary>How reports name the query: its method, never a compiler-generated closure.</summary>
    public string Name => WorkDescription.Of((Delegate?)Async ?? Blocking!);

    public static CellQuery<T> Of(Func<CellContext, Task<T>> query, string parameter)
    {
        ArgumentNullException.ThrowIfNull(query, parameter);
        return new(query, null);
    }

    public static CellQuery<T> Of(Func<CellContext, T> query, string parameter)
    {
        ArgumentNullException.ThrowIfNull(query, parameter);
        if (Core.AwaitableResultGuard<T>.IsAwaitable)
        {
            throw new ArgumentException(
                $"The blocking cell query returns {typeof(T).Name}, so its cells would count as responded at their first await. Pass an asynchronous query (Func<CellContext, Task<T>>) instead.",
                parameter);
        }

        return new(null, query);
    }
}
