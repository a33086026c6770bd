using System.Diagnostics.CodeAnalysis;

namespace Concurrency;

/// <summary>
/// Runs submitted work on a pool of workers and reports what the pool is doing.
/// One contract, several backends: a cooperative single-threaded loop, dedicated native threads, or inline.
/// </summary>
/// <remarks>
/// <para>The Task returned by every submission is the future: it completes when the work ran (with its result or
/// its exception), was canceled, or could not run. No accepted submission is ever left pending.</para>
/// <para>Submit work through the <see cref="ExecutorExtensions"/> overloads, as with <c>Task.Run</c>: overload
/// resolution tells synchronous work (which may block its worker) from asynchronous work (which holds one of the
/// pool's workers until its Task completes), so a Task-returning delegate is never run as synchronous work. The two
/// members here are the state-passing forms every overload comes down to; they avoid a closure per submission.</para>
/// <para>The cancellation token of a submission cancels it while it is queued (it then never runs and counts as
/// canceled) and is handed to the work once it runs, so running work can stop cooperatively.</para>
/// <para>Refusal is said once: a submission the executor cannot take (shut down, or its backlog full) throws a
/// <see cref="SubmissionRefusedException"/> from <c>Submit</c>, or returns false from <c>TrySubmit</c>.</para>
/// <para>A decorator forwards these eleven members; everything else is an extension method.</para>
/// </remarks>
public interface IExecutor : IAsyncDisposable
{
    /// <summary>The executor's name, used in logs, thread names and metrics.</summary>
    string Name { get; }

    /// <summary>The name of the backend that runs this executor, such as <c>threaded</c> or <c>cooperative</c>.</summary>
    string Backend { get; }

    /// <summary>Takes a snapshot of the executor's counters.</summary>
    /// <returns>Counters that already include every submission whose Task has completed.</returns>
    ExecutorStatistics GetStatistics();

    /// <summary>Takes a snapshot of the pool: its limit, workers, idle and busy workers, queued work, and whether it accepts work.</summary>
    /// <returns>The pool's state at this instant.</returns>
    PoolState GetPoolState();

    /// <summary>Submits synchronous work, passing it <paramref name="state"/>.</summary>
    /// <typeparam name="TState">The type of the state handed to the work.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">The work; it receives <paramref name="state"/> and the submission's token.</param>
    /// <param name="state">Handed to the work, so a static lambda needs no closure.</param>
    /// <param name="options">The submission's token and delay.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TResult"/> is a Task or ValueTask (a generic caller
    /// forced asynchronous work through the synchronous form).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    Task<TResult> Submit<TState, TResult>(Func<TState, CancellationToken, TResult> work, TState state, SubmitOptions options = default);

    /// <summary>Submits asynchronous work, passing it <paramref name="state"/>; it holds a worker until its Task completes.</summary>
    /// <typeparam name="TState">The type of the state handed to the work.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">The work; it receives <paramref name="state"/> and the submission's token.</param>
    /// <param name="state">Handed to the work, so a static lambda needs no closure.</param>
    /// <param name="options">The submission's token and delay.</param>
    /// <returns>A Task that completes with the result of the work's Task, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    Task<TResult> Submit<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> work, TState state, SubmitOptions options = default);

#pragma warning disable RS0026 // Task.Run's shape, as Submit has: every overload ends with the optional options or token.
    /// <summary>
    /// Submits synchronous work as <see cref="Submit{TState, TResult}(Func{TState, CancellationToken, TResult}, TState, SubmitOptions)"/>
    /// does, but returns false instead of throwing when the executor refuses it (shut down, or its backlog full), as
    /// <c>ChannelWriter.TryWrite</c> does: no exception is made for a refusal a caller expects under load.
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to the work.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">The work; it receives <paramref name="state"/> and the submission's token.</param>
    /// <param name="state">Handed to the work, so a static lambda needs no closure.</param>
    /// <param name="task">The submission's Task when it was accepted; null when it was refused.</param>
    /// <param name="options">The submission's token and delay.</param>
    /// <returns>True when the work was accepted; false when it was refused (a full backlog counts as rejected).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TResult"/> is a Task or ValueTask.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    bool TrySubmit<TState, TResult>(Func<TState, CancellationToken, TResult> work, TState state, [NotNullWhen(true)] out Task<TResult>? task, SubmitOptions options = default);

    /// <summary>Submits asynchronous work as <see cref="Submit{TState, TResult}(Func{TState, CancellationToken, Task{TResult}}, TState, SubmitOptions)"/> does, but returns false instead of throwing when the executor refuses it.</summary>
    /// <typeparam name="TState">The type of the state handed to the work.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">The work; it receives <paramref name="state"/> and the submission's token.</param>
    /// <param name="state">Handed to the work, so a static lambda needs no closure.</param>
    /// <param name="task">The submission's Task when it was accepted; null when it was refused.</param>
    /// <param name="options">The submission's token and delay.</param>
    /// <returns>True when the work was accepted; false when it was refused.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    bool TrySubmit<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> work, TState state, [NotNullWhen(true)] out Task<TResult>? task, SubmitOptions options = default);

#pragma warning restore RS0026

    /// <summary>
    /// Completes when the executor has ended: shut down, with every accepted submission ended and the workers gone.
    /// Observing it never causes the end (unlike awaiting <see cref="ShutdownAsync"/>), so a supervisor or a health
    /// check can wait for an executor that something else shuts down. Never faults.
    /// </summary>
    Task Completion { get; }

    /// <summary>
    /// Stops accepting work and returns a Task that completes when every accepted submission has ended and the
    /// workers are gone. Idempotent: every call returns a Task for the same end, and a later call may still cancel
    /// what is queued. Not awaiting the Task is how to shut down without waiting; queued work is never stranded.
    /// </summary>
    /// <param name="mode">Whether queued submissions still run (<see cref="ShutdownMode.Drain"/>) or are canceled.</param>
    /// <param name="cancellationToken">A time budget for the wait (Tokio's <c>shutdown_timeout</c>): when it fires
    /// before the end, what is still queued or delayed is canceled, running work goes on (its own token is the way to
    /// stop it), and the returned Task ends as canceled; <see cref="Completion"/> still completes at the real end.</param>
    /// <returns>The executor's end.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">
    /// The caller is this executor's own work, whose end the Task waits for (before or after an <c>await</c>).
    /// From inside, <see cref="IAsyncDisposable.DisposeAsync"/> shuts down without waiting.
    /// </exception>
    Task ShutdownAsync(ShutdownMode mode = ShutdownMode.Drain, CancellationToken cancellationToken = default);
}
