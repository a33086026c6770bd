using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// The ways to submit work, one per delegate shape as with <c>Task.Run</c>: overload resolution picks synchronous or
/// asynchronous work, with or without a result, with or without the submission's token. Each comes down to one of
/// <see cref="IExecutor"/>'s two state-passing members with the caller's delegate as the state, so no closure is
/// allocated.
/// </summary>
/// <remarks>
/// An <c>async</c> lambda fits several shapes; the priorities make it Task-returning work, a ValueTask-returning
/// delegate ValueTask work, and leave the rest to the usual rules, so awaitable work is never run as synchronous work.
/// </remarks>
public static class ExecutorExtensions
{
    extension(IExecutor executor)
    {
        /// <summary><see langword="true"/> until shutdown starts; afterwards submissions are refused.</summary>
        public bool IsAlive => executor.GetPoolState().IsAlive;

        /// <summary>How many submissions may run at once; the rest wait in the queue.</summary>
        public int MaxWorkers => executor.GetPoolState().MaxWorkers;
    }

    /// <summary>Submits synchronous work. It may block its worker.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    public static Task Submit(this IExecutor executor, Action<CancellationToken> work, CancellationToken cancellationToken = default) =>
        Checked(executor, work).Submit(SubmitAdapters.Action, work, new SubmitOptions(CancellationToken: cancellationToken));

    /// <summary>Submits synchronous work. It may block its worker.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    public static Task Submit(this IExecutor executor, Action work) =>
        Checked(executor, work).Submit(SubmitAdapters.ActionWithoutToken, work, default);

    /// <summary>Submits synchronous work that returns a result. It may block its worker.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    public static Task<TResult> Submit<TResult>(this IExecutor executor, Func<CancellationToken, TResult> work, CancellationToken cancellationToken = default) =>
        Checked(executor, work).Submit(SubmitAdapters.Of<TResult>.Function, work, new SubmitOptions(CancellationToken: cancellationToken));

    /// <summary>Submits synchronous work that returns a result. It may block its worker.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    public static Task<TResult> Submit<TResult>(this IExecutor executor, Func<TResult> work) =>
        Checked(executor, work).Submit(SubmitAdapters.Of<TResult>.FunctionWithoutToken, work, default);

    /// <summary>Submits asynchronous work. It holds one of the pool's workers until its Task completes.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(2)]
    public static Task Submit(this IExecutor executor, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        Checked(executor, work).Submit(SubmitAdapters.Task, work, new SubmitOptions(CancellationToken: cancellationToken));

    /// <summary>Submits asynchronous work. It holds one of the pool's workers until its Task completes.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(2)]
    public static Task Submit(this IExecutor executor, Func<Task> work) =>
        Checked(executor, work).Submit(SubmitAdapters.TaskWithoutToken, work, default);

    /// <summary>Submits asynchronous work that returns a result. It holds one of the pool's workers until its Task completes.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(2)]
    public static Task<TResult> Submit<TResult>(this IExecutor executor, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default) =>
        Checked(executor, work).Submit(SubmitAdapters.Of<TResult>.Task, work, new SubmitOptions(CancellationToken: cancellationToken));

    /// <summary>Submits asynchronous work that returns a result. It holds one of the pool's workers until its Task completes.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(2)]
    public static Task<TResult> Submit<TResult>(this IExecutor executor, Func<Task<TResult>> work) =>
        Checked(executor, work).Submit(SubmitAdapters.Of<TResult>.TaskWithoutToken, work, default);

    /// <summary>Submits asynchronous work. It holds one of the pool's workers until its Task completes.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(1)]
    public static Task Submit(this IExecutor executor, Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken = default) =>
        Checked(executor, work).Submit(SubmitAdapters.ValueTask, work, new SubmitOptions(CancellationToken: cancellationToken));

    /// <summary>Submits asynchronous work. It holds one of the pool's workers until its Task completes.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(1)]
    public static Task Submit(this IExecutor executor, Func<ValueTask> work) =>
        Checked(executor, work).Submit(SubmitAdapters.ValueTaskWithoutToken, work, default);

    /// <summary>Submits asynchronous work that returns a result. It holds one of the pool's workers until its Task completes.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(1)]
    public static Task<TResult> Submit<TResult>(this IExecutor executor, Func<CancellationToken, ValueTask<TResult>> work, CancellationToken cancellationToken = default) =>
        Checked(executor, work).Submit(SubmitAdapters.Of<TResult>.ValueTask, work, new SubmitOptions(CancellationToken: cancellationToken));

    /// <summary>Submits asynchronous work that returns a result. It holds one of the pool's workers until its Task completes.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(1)]
    public static Task<TResult> Submit<TResult>(this IExecutor executor, Func<ValueTask<TResult>> work) =>
        Checked(executor, work).Submit(SubmitAdapters.Of<TResult>.ValueTaskWithoutToken, work, default);

    /// <summary>Submits synchronous work, to be queued once <paramref name="delay"/> has passed on the executor's clock. It may block its worker.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    public static Task SubmitAfter(this IExecutor executor, TimeSpan delay, Action<CancellationToken> work, CancellationToken cancellationToken = default) =>
        Checked(executor, delay, work).Submit(SubmitAdapters.Action, work, new SubmitOptions(delay, cancellationToken));

    /// <summary>Submits synchronous work that returns a result, to be queued once <paramref name="delay"/> has passed on the executor's clock. It may block its worker.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    public static Task<TResult> SubmitAfter<TResult>(this IExecutor executor, TimeSpan delay, Func<CancellationToken, TResult> work, CancellationToken cancellationToken = default) =>
        Checked(executor, delay, work).Submit(SubmitAdapters.Of<TResult>.Function, work, new SubmitOptions(delay, cancellationToken));

    /// <summary>Submits asynchronous work, to be queued once <paramref name="delay"/> has passed on the executor's clock. It holds one of the pool's workers until its Task completes.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(2)]
    public static Task SubmitAfter(this IExecutor executor, TimeSpan delay, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        Checked(executor, delay, work).Submit(SubmitAdapters.Task, work, new SubmitOptions(delay, cancellationToken));

    /// <summary>Submits asynchronous work that returns a result, to be queued once <paramref name="delay"/> has passed on the executor's clock. It holds one of the pool's workers until its Task completes.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(2)]
    public static Task<TResult> SubmitAfter<TResult>(this IExecutor executor, TimeSpan delay, Func<CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default) =>
        Checked(executor, delay, work).Submit(SubmitAdapters.Of<TResult>.Task, work, new SubmitOptions(delay, cancellationToken));

    /// <summary>Submits asynchronous work, to be queued once <paramref name="delay"/> has passed on the executor's clock. It holds one of the pool's workers until its Task completes.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes when the work has finished, failed or was canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(1)]
    public static Task SubmitAfter(this IExecutor executor, TimeSpan delay, Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken = default) =>
        Checked(executor, delay, work).Submit(SubmitAdapters.ValueTask, work, new SubmitOptions(delay, cancellationToken));

    /// <summary>Submits asynchronous work that returns a result, to be queued once <paramref name="delay"/> has passed on the executor's clock. It holds one of the pool's workers until its Task completes.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="delay">Zero or more; work with a shorter delay runs first, whenever it was submitted.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>A Task that completes with the work's result, its exception, or as canceled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="RejectedExecutionException">The backlog is at its limit.</exception>
    /// <exception cref="ExecutorShutdownException">The executor is shutting down or shut down.</exception>
    [OverloadResolutionPriority(1)]
    public static Task<TResult> SubmitAfter<TResult>(this IExecutor executor, TimeSpan delay, Func<CancellationToken, ValueTask<TResult>> work, CancellationToken cancellationToken = default) =>
        Checked(executor, delay, work).Submit(SubmitAdapters.Of<TResult>.ValueTask, work, new SubmitOptions(delay, cancellationToken));

#pragma warning disable RS0026 // Task.Run's shape, as Submit has: every overload ends with the optional options or token.
    /// <summary>Submits synchronous work, or returns false when the executor refuses it (shut down, or its backlog full) instead of throwing.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="task">The submission's Task when it was accepted; null when it was refused.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>True when the work was accepted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    public static bool TrySubmit(this IExecutor executor, Action<CancellationToken> work, [NotNullWhen(true)] out Task? task, CancellationToken cancellationToken = default)
    {
        bool accepted = Checked(executor, work).TrySubmit(SubmitAdapters.Action, work, out Task<VoidResult>? submitted, new SubmitOptions(CancellationToken: cancellationToken));
        task = submitted;
        return accepted;
    }

    /// <summary>Submits synchronous work that returns a result, or returns false when the executor refuses it instead of throwing.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="task">The submission's Task when it was accepted; null when it was refused.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>True when the work was accepted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    public static bool TrySubmit<TResult>(this IExecutor executor, Func<CancellationToken, TResult> work, [NotNullWhen(true)] out Task<TResult>? task, CancellationToken cancellationToken = default) =>
        Checked(executor, work).TrySubmit(SubmitAdapters.Of<TResult>.Function, work, out task, new SubmitOptions(CancellationToken: cancellationToken));

    /// <summary>Submits asynchronous work, or returns false when the executor refuses it instead of throwing.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="task">The submission's Task when it was accepted; null when it was refused.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>True when the work was accepted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    [OverloadResolutionPriority(2)]
    public static bool TrySubmit(this IExecutor executor, Func<CancellationToken, Task> work, [NotNullWhen(true)] out Task? task, CancellationToken cancellationToken = default)
    {
        bool accepted = Checked(executor, work).TrySubmit(SubmitAdapters.Task, work, out Task<VoidResult>? submitted, new SubmitOptions(CancellationToken: cancellationToken));
        task = submitted;
        return accepted;
    }

    /// <summary>Submits asynchronous work that returns a result, or returns false when the executor refuses it instead of throwing.</summary>
    /// <typeparam name="TResult">The work's result type.</typeparam>
    /// <param name="executor">The executor.</param>
    /// <param name="work">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="task">The submission's Task when it was accepted; null when it was refused.</param>
    /// <param name="cancellationToken">Cancels the submission until it starts; handed to the work once it runs.</param>
    /// <returns>True when the work was accepted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="executor"/> or <paramref name="work"/> is null.</exception>
    [OverloadResolutionPriority(2)]
    public static bool TrySubmit<TResult>(this IExecutor executor, Func<CancellationToken, Task<TResult>> work, [NotNullWhen(true)] out Task<TResult>? task, CancellationToken cancellationToken = default) =>
        Checked(executor, work).TrySubmit(SubmitAdapters.Of<TResult>.Task, work, out task, new SubmitOptions(CancellationToken: cancellationToken));

#pragma warning restore RS0026

    private static IExecutor Checked(IExecutor executor, TimeSpan delay, Delegate work)
    {
        Checked(executor, work);
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"Delay {delay} is not accepted: use zero (run as soon as a worker is free) or a positive duration.");
        }

        return executor;
    }

    private static IExecutor Checked(IExecutor executor, Delegate work)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(work);
        return executor;
    }
}
