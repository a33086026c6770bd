namespace Concurrency;

/// <summary>
/// Runs submitted work on a pool of workers and reports what the pool is doing.
/// One contract, several backends: a cooperative single-threaded loop, dedicated native threads, or inline.
/// </summary>
/// <remarks>
/// <para>The Task returned by every submission is the future: it completes when the work ran (with its result or
/// its exception), was canceled, or could not run. No accepted submission is ever left pending.</para>
/// <para>Use <see cref="Submit(Action{CancellationToken}, CancellationToken)"/> for synchronous work (it may block its
/// worker) and <see cref="SubmitAsync(Func{CancellationToken, Task}, CancellationToken)"/> for asynchronous work; an
/// asynchronous submission holds one of <see cref="MaxWorkers"/> until its Task completes.</para>
/// <para>The cancellation token of a submission cancels it while it is queued (it then never runs and counts as
/// canceled) and is handed to the work once it runs, so running work can stop cooperatively.</para>
/// </remarks>
public interface IExecutor : IAsyncDisposable
{
    /// <summary>The executor's name, used in logs, thread names and metrics.</summary>
    string Name { get; }

    /// <summary>The name of the backend that runs this executor, such as <c>threaded</c> or <c>cooperative</c>.</summary>
    string Backend { get; }

    /// <summary>How many submissions may run at once; the rest wait in the queue.</summary>
    int MaxWorkers { get; }

    /// <summary><see langword="true"/> until shutdown starts; afterwards submissions are refused.</summary>
    bool IsAlive { get; }

    /// <summary>Takes a snapshot of the executor's counters.</summary>
    /// <returns>Counters that already include every submission whose Task has completed.</returns>
    ExecutorStatistics GetStatistics();

    /// <summary>Takes a snapshot of the pool: workers, idle and busy workers, queued work.</summary>
    /// <returns>The pool's state at this instant.</returns>
    PoolState GetPoolState();

    /// <summary>Submits synchronous work that returns nothing.</summary>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission while queued; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    Task Submit(Action<CancellationToken> work, CancellationToken cancellationToken = default);

    /// <summary>Submits synchronous work that returns a result.</summary>
    /// <typeparam name="TResult">The result type; use <c>SubmitAsync</c> for work that returns a Task.</typeparam>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission while queued; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TResult"/> is a Task or ValueTask.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    Task<TResult> Submit<TResult>(Func<CancellationToken, TResult> work, CancellationToken cancellationToken = default);

    /// <summary>Submits asynchronous work; it holds a worker slot until its Task completes.</summary>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission while queued; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work's Task has completed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    Task SubmitAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default);

    /// <summary>Submits asynchronous work that returns a result; it holds a worker slot until its Task completes.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission while queued; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    Task<TResult> SubmitAsync<TResult>(Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default);

    /// <summary>Submits synchronous work to run once <paramref name="delay"/> has passed on the executor's clock.</summary>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts (it then never runs and counts as canceled).</param>
    /// <returns>A Task that completes when the work has run, failed, been canceled, or was refused when it came due.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down; shutdown also cancels every delayed submission.</exception>
    Task SubmitAfter(TimeSpan delay, Action<CancellationToken> work, CancellationToken cancellationToken = default);

    /// <summary>Submits synchronous work that returns a result, to run once <paramref name="delay"/> has passed.</summary>
    /// <typeparam name="TResult">The result type; use <c>SubmitAsyncAfter</c> for work that returns a Task.</typeparam>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts.</param>
    /// <returns>A Task with the work's result, its exception, or canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TResult"/> is a Task or ValueTask.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down.</exception>
    Task<TResult> SubmitAfter<TResult>(TimeSpan delay, Func<CancellationToken, TResult> work, CancellationToken cancellationToken = default);

    /// <summary>Submits asynchronous work to run once <paramref name="delay"/> has passed.</summary>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts.</param>
    /// <returns>A Task that completes when the work's Task has completed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down.</exception>
    Task SubmitAsyncAfter(TimeSpan delay, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default);

    /// <summary>Submits asynchronous work that returns a result, to run once <paramref name="delay"/> has passed.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts.</param>
    /// <returns>A Task with the work's result, its exception, or canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down.</exception>
    Task<TResult> SubmitAsyncAfter<TResult>(TimeSpan delay, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops accepting work. Idempotent: every call returns a Task for the same end, and a later call may still ask
    /// to cancel pending work.
    /// </summary>
    /// <param name="wait">
    /// <see langword="true"/>: the returned Task completes when all accepted work has ended and the workers are gone.
    /// <see langword="false"/>: it completes at once; queued work still runs (it is never stranded) unless canceled.
    /// </param>
    /// <param name="cancelPending">Cancels every queued submission; running work is left to finish.</param>
    /// <returns>A Task as described for <paramref name="wait"/>.</returns>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="wait"/> is true and the caller is work running on this executor's own thread, which would wait
    /// for itself.
    /// </exception>
    Task ShutdownAsync(bool wait = true, bool cancelPending = false);
}
