namespace Concurrency.Core;

/// <summary>
/// What changes when the caller is inside a simulation (<see cref="ISimulationContext"/>): the library's promises run
/// their continuations inline, on the simulation's one thread, where they would otherwise go to the .NET thread pool
/// and make the run depend on real time; background work is queued to the simulation; an unset clock is the
/// simulation's. Read where an executor, a wait or a schedule is made; per item only where asynchronous work is still
/// running when its delegate returns (one read of the thread's SynchronizationContext).
/// </summary>
internal static class Simulated
{
    public static ISimulationContext? Current => SynchronizationContext.Current as ISimulationContext;

    /// <summary>
    /// What the library's awaits pass to ConfigureAwait: false, except in a simulation. There the runtime would send a
    /// context-free continuation to the .NET thread pool (it never runs one inline where a SynchronizationContext is
    /// set), so the library's awaits resume on the simulation's context instead.
    /// </summary>
    public static bool Captures => Current is not null;

    /// <summary><see cref="Captures"/> as a <see cref="ConfigureAwaitOptions"/> flag.</summary>
    public static ConfigureAwaitOptions CapturesOption => Captures ? ConfigureAwaitOptions.ContinueOnCapturedContext : ConfigureAwaitOptions.None;

    /// <summary>The options for a promise the library completes: asynchronous continuations, except in a simulation.</summary>
    public static TaskCreationOptions Continuations =>
        Current is null ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None;

    /// <summary>The clock a caller chose, else the simulation's, else the system's.</summary>
    public static TimeProvider Clock(TimeProvider? chosen) => chosen ?? Current?.Time ?? TimeProvider.System;

    /// <summary>Runs <paramref name="callback"/> later: on the simulation's thread inside one, else on the .NET thread pool.</summary>
    public static void Queue<TState>(Action<TState> callback, TState state)
    {
        if (SynchronizationContext.Current is { } simulation and ISimulationContext)
        {
            simulation.Post(static pair => { var (run, arg) = ((Action<TState>, TState))pair!; run(arg); }, (callback, state));
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(callback, state, preferLocal: false);
    }

    /// <summary>
    /// <c>CancelAsync</c>, except inside a simulation: there the callbacks run at once on its thread, since
    /// <c>CancelAsync</c> runs them on the .NET thread pool.
    /// </summary>
    public static Task CancelAsync(CancellationTokenSource source)
    {
        if (Current is null)
        {
            return source.CancelAsync();
        }

        source.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>Task.Delay</c> on <paramref name="clock"/>, except inside a simulation: there the delay is a promise the
    /// clock's timer completes with inline continuations, since <c>Task.Delay</c> on a custom clock always resumes
    /// context-free awaiters on the .NET thread pool.
    /// </summary>
    public static Task Delay(TimeProvider clock, TimeSpan delay, CancellationToken cancellationToken) =>
        Current is null ? Task.Delay(delay, clock, cancellationToken) : InlineDelay(clock, delay, cancellationToken);

    /// <summary>A delay on <paramref name="clock"/> whose awaiters resume inline on the thread that fires the clock's timer.</summary>
    public static Task InlineDelay(TimeProvider clock, TimeSpan delay, CancellationToken cancellationToken) =>
        new InlineDelayPromise(clock, delay, cancellationToken).Task;

    private sealed class InlineDelayPromise : TaskCompletionSource
    {
        private readonly ITimer? _timer;
        private readonly CancellationTokenRegistration _canceled;

        public InlineDelayPromise(TimeProvider clock, TimeSpan delay, CancellationToken cancellationToken)
            : base(TaskCreationOptions.None)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                TrySetCanceled(cancellationToken);
                return;
            }

            if (delay != Timeout.InfiniteTimeSpan)
            {
                _timer = clock.CreateTimer(static state => ((InlineDelayPromise)state!).Elapsed(), this, delay, Timeout.InfiniteTimeSpan);
            }

            _canceled = cancellationToken.UnsafeRegister(static (state, token) => ((InlineDelayPromise)state!).Canceled(token), this);
        }

        private void Elapsed()
        {
            if (TrySetResult())
            {
                _canceled.Dispose();
            }
        }

        private void Canceled(CancellationToken token)
        {
            if (TrySetCanceled(token))
            {
                _timer?.Dispose();
            }
        }
    }
}
