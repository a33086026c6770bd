namespace Concurrency;

/// <summary>Submission overloads for work that does not take a cancellation token.</summary>
public static class ExecutorExtensions
{
    /// <summary>Submits synchronous work that returns nothing.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes when the work has finished or failed.</returns>
    public static Task Submit(this IExecutor executor, Action work)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(work);
        return executor.Submit(_ => work());
    }

    /// <summary>Submits synchronous work that returns a result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes with the work's result or exception.</returns>
    public static Task<TResult> Submit<TResult>(this IExecutor executor, Func<TResult> work)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(work);
        return executor.Submit(_ => work());
    }

    /// <summary>Submits asynchronous work.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes when the work's Task has completed.</returns>
    public static Task SubmitAsync(this IExecutor executor, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(work);
        return executor.SubmitAsync(_ => work());
    }

    /// <summary>Submits asynchronous work that returns a result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes with the work's result or exception.</returns>
    public static Task<TResult> SubmitAsync<TResult>(this IExecutor executor, Func<Task<TResult>> work)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(work);
        return executor.SubmitAsync(_ => work());
    }
}
