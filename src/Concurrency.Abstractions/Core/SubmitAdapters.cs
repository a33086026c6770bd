namespace Concurrency.Core;

/// <summary>
/// Turns each delegate shape of <see cref="ExecutorExtensions"/> into the state-passing form of
/// <see cref="IExecutor"/>: the caller's delegate is the state, so no closure is allocated, and reports name the
/// caller's delegate, never these (see <see cref="WorkDescription"/>).
/// </summary>
internal static class SubmitAdapters
{
    public static readonly Func<Action<CancellationToken>, CancellationToken, VoidResult> Action =
        static (work, cancellationToken) =>
        {
            work(cancellationToken);
            return default;
        };

    public static readonly Func<Action, CancellationToken, VoidResult> ActionWithoutToken =
        static (work, _) =>
        {
            work();
            return default;
        };

    public static readonly Func<Func<CancellationToken, Task>, CancellationToken, Task<VoidResult>> Task =
        static (work, cancellationToken) => Void(work(cancellationToken));

    public static readonly Func<Func<Task>, CancellationToken, Task<VoidResult>> TaskWithoutToken =
        static (work, _) => Void(work());

    public static readonly Func<Func<CancellationToken, ValueTask>, CancellationToken, Task<VoidResult>> ValueTask =
        static (work, cancellationToken) => Void(work(cancellationToken).AsTask());

    public static readonly Func<Func<ValueTask>, CancellationToken, Task<VoidResult>> ValueTaskWithoutToken =
        static (work, _) => Void(work().AsTask());

    // A Task that ended at once needs no state machine; one still running is awaited.
    private static Task<VoidResult> Void(Task? task) => task switch
    {
        null => throw NullTask(),
        { IsCompletedSuccessfully: true } => Completed,
        _ => AwaitAsync(task),
    };

    private static readonly Task<VoidResult> Completed = System.Threading.Tasks.Task.FromResult(default(VoidResult));

    private static async Task<VoidResult> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(Simulated.Captures);
        return default;
    }

    private static InvalidOperationException NullTask() =>
        new("Submit was given asynchronous work that returned a null Task; asynchronous work must return a Task.");

    /// <summary>The adapters for work with a result.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    public static class Of<TResult>
    {
        public static readonly Func<Func<CancellationToken, TResult>, CancellationToken, TResult> Function =
            static (work, cancellationToken) => work(cancellationToken);

        public static readonly Func<Func<TResult>, CancellationToken, TResult> FunctionWithoutToken =
            static (work, _) => work();

        public static readonly Func<Func<CancellationToken, Task<TResult>>, CancellationToken, Task<TResult>> Task =
            static (work, cancellationToken) => work(cancellationToken);

        public static readonly Func<Func<Task<TResult>>, CancellationToken, Task<TResult>> TaskWithoutToken =
            static (work, _) => work();

        public static readonly Func<Func<CancellationToken, ValueTask<TResult>>, CancellationToken, Task<TResult>> ValueTask =
            static (work, cancellationToken) => work(cancellationToken).AsTask();

        public static readonly Func<Func<ValueTask<TResult>>, CancellationToken, Task<TResult>> ValueTaskWithoutToken =
            static (work, _) => work().AsTask();
    }
}
