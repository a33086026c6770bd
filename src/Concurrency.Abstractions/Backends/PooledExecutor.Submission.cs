using System.Diagnostics.CodeAnalysis;
using Concurrency.Core;

namespace Concurrency;

// The submission side of the engine: argument checks, work items, delayed work, statistics, and the shutdown calls.
public abstract partial class PooledExecutor
{
    private readonly TaskCompletionSource _completion;
    private volatile bool _stopping;
    private Task? _closed;
    private DelayedQueue? _delayed;

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string Backend { get; }

    /// <summary>How many submissions may run at once; the rest wait in the queue.</summary>
    public int MaxWorkers { get; }

    /// <summary><see langword="true"/> until shutdown starts; afterwards submissions are refused.</summary>
    public bool IsAlive => !_stopping;

    internal int? MaxBacklog { get; }

    internal StatisticsCounters Counters { get; }

    /// <summary>Delayed submissions held in the queue, canceled ones not yet dropped included.</summary>
    internal int DelayedEntries => Volatile.Read(ref _delayed)?.HeapCount ?? 0;

    internal ExecutorMonitor Monitor { get; }

    /// <inheritdoc/>
    public ExecutorStatistics GetStatistics() => Counters.Snapshot();

    /// <inheritdoc/>
    public Task<TResult> Submit<TState, TResult>(Func<TState, CancellationToken, TResult> work, TState state, SubmitOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        AwaitableResultGuard<TResult>.ThrowIfAwaitable();
        if (SubmissionsMayRunAsTheirOwnTask && CanStartDirect(options) && TryReserveSlot())
        {
            return StartDirect(new DirectWorkItem<TState, TResult>(this, work, state));
        }

        return Admit(new SynchronousWorkItem<TState, TResult>(this, work, state, options.CancellationToken), options);
    }

    /// <inheritdoc/>
    public Task<TResult> Submit<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> work, TState state, SubmitOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Admit(new AsynchronousWorkItem<TState, TResult>(this, work, state, options.CancellationToken), options);
    }

#pragma warning disable RS0026 // Task.Run's shape, as Submit has: every overload ends with the optional options or token.
    /// <inheritdoc/>
    public bool TrySubmit<TState, TResult>(Func<TState, CancellationToken, TResult> work, TState state, [NotNullWhen(true)] out Task<TResult>? task, SubmitOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        AwaitableResultGuard<TResult>.ThrowIfAwaitable();
        if (SubmissionsMayRunAsTheirOwnTask && CanStartDirect(options) && TryReserveSlot())
        {
            task = StartDirect(new DirectWorkItem<TState, TResult>(this, work, state));
            return true;
        }

        task = TryAdmit(new SynchronousWorkItem<TState, TResult>(this, work, state, options.CancellationToken), options, out _, out _);
        return task is not null;
    }

    /// <inheritdoc/>
    public bool TrySubmit<TState, TResult>(Func<TState, CancellationToken, Task<TResult>> work, TState state, [NotNullWhen(true)] out Task<TResult>? task, SubmitOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        task = TryAdmit(new AsynchronousWorkItem<TState, TResult>(this, work, state, options.CancellationToken), options, out _, out _);
        return task is not null;
    }

#pragma warning restore RS0026

    /// <inheritdoc/>
    public Task Completion => _completion.Task;

    /// <inheritdoc/>
    public Task ShutdownAsync(ShutdownMode mode = ShutdownMode.Drain, CancellationToken cancellationToken = default)
    {
        if (mode is not (ShutdownMode.Drain or ShutdownMode.CancelQueued))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Shutdown mode {(int)mode} is not accepted: use ShutdownMode.Drain or ShutdownMode.CancelQueued.");
        }

        if (IsCallerOwnWork)
        {
            throw new InvalidOperationException(
                $"ShutdownAsync was called by work running on executor '{Name}'; its Task completes only after that work ends, so waiting for it would wait for itself. Call DisposeAsync from inside the executor (it shuts down without waiting), or wait from outside it.");
        }

        Task ended = Shutdown(mode);
        return cancellationToken.CanBeCanceled && !ended.IsCompleted ? WaitWithinBudgetAsync(ended, cancellationToken) : ended;
    }

    /// <summary>
    /// Waits for the end until <paramref name="cancellationToken"/> fires; then cancels what is still queued or delayed
    /// (running work goes on, and <see cref="Completion"/> still tells its end) and ends as canceled.
    /// </summary>
    private async Task WaitWithinBudgetAsync(Task ended, CancellationToken cancellationToken)
    {
        try
        {
            await ended.WaitAsync(cancellationToken).ConfigureAwait(Simulated.Captures);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (ended.IsCompleted)
            {
                // The end and the budget came together: the end wins.
                return;
            }

            _ = Shutdown(ShutdownMode.CancelQueued);
            throw;
        }
    }

    /// <summary>
    /// Shuts down and waits for every accepted submission. Called by the executor's own work (where waiting would wait
    /// for itself), it shuts down without waiting: the executor ends when that work ends.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task terminated = Shutdown(ShutdownMode.Drain);
        if (!IsCallerOwnWork)
        {
            await terminated.ConfigureAwait(Simulated.Captures);
        }

        GC.SuppressFinalize(this);
    }

    private Task Shutdown(ShutdownMode mode)
    {
        // Installs a closed queue when none exists yet, so a delayed submission racing this shutdown is refused, never kept.
        (Interlocked.CompareExchange(ref _delayed, DelayedQueue.Closed, null) ?? DelayedQueue.Closed).CancelAll();
        Task terminated = Stop(cancelPending: mode == ShutdownMode.CancelQueued);
        if (Volatile.Read(ref _closed) is null)
        {
            Interlocked.CompareExchange(ref _closed, CloseMonitorAfterAsync(terminated), null);
        }

        return _closed!;
    }

    /// <summary>What holds the workers, for the starvation and deadlock warnings; a backend that knows what each worker runs says so.</summary>
    /// <returns>For example <c>3 submissions in flight</c>, or the work each busy worker runs.</returns>
    protected internal virtual string DescribeBusyWorkers() => $"{GetPoolState().BusyWorkers} submissions in flight";

    /// <summary>Names running work for <see cref="DescribeBusyWorkers"/>: the most common first, repeats counted.</summary>
    /// <param name="running">The work each busy worker runs.</param>
    /// <returns>For example <c>Cells.Query x3, Reports.Build</c>.</returns>
    protected static string DescribeRunning(IEnumerable<IStartedWork> running) =>
        string.Join(", ", running.Select(work => work.Description).GroupBy(description => description).OrderByDescending(group => group.Count())
            .Select(group => group.Count() == 1 ? group.Key : $"{group.Key} x{group.Count()}"));

    /// <summary>
    /// True when the calling thread is one of this executor's own workers. A backend whose workers are threads of its
    /// own says so here; asynchronous work of the executor is recognised after its awaits without it.
    /// </summary>
    protected virtual bool IsCallerOnOwnWorker => false;

    /// <summary>True when the caller is this executor's work: on its worker, or asynchronous work of its own after an await.</summary>
    private bool IsCallerOwnWork => IsCallerOnOwnWorker || RunningWork.IsRunningOn(this);

    private void MarkStopping() => _stopping = true;

    /// <summary>Schedules an item and, when it was accepted, watches it and reports it; the caller handles a refusal.</summary>
    private ScheduleOutcome Place(IWorkItem item, out int backlog)
    {
        var outcome = Schedule(item, out backlog);
        if (outcome == ScheduleOutcome.Dispatched)
        {
            Monitor.OnAccepted(this, item, queued: false);
        }
        else if (outcome == ScheduleOutcome.Queued)
        {
            item.WatchCancellation();
            Monitor.OnAccepted(this, item, queued: true);
            if (IsCallerOnOwnWorker)
            {
                Monitor.OnQueuedFromOwnWorker(this, item);
            }
        }

        return outcome;
    }

    /// <summary>Hands a delayed item that has come due to the backend, as a submission would.</summary>
    internal void AdmitDelayed(IWorkItem item)
    {
        item.MarkDue(Counters.Time.GetTimestamp());
        switch (Place(item, out int backlog))
        {
            case ScheduleOutcome.Dispatched:
            case ScheduleOutcome.Queued:
                break;
            case ScheduleOutcome.Rejected:
                item.PublishRejected(new RejectedExecutionException(Name, backlog, MaxBacklog ?? 0));
                break;
            default:
                if (item.TryMarkCanceled())
                {
                    item.PublishCanceled();
                }

                break;
        }
    }

    /// <summary>
    /// Whether a synchronous submission can be its own Task (<see cref="DirectWorkItem{TState, TResult}"/>): nothing
    /// can cancel it (no token, no delay), it has no key to route by, and it flows an ExecutionContext for the Task to
    /// run it in.
    /// </summary>
    private static bool CanStartDirect(SubmitOptions options) =>
        options.Delay == TimeSpan.Zero && !options.CancellationToken.CanBeCanceled && options.Key is null && !ExecutionContext.IsFlowSuppressed();

    /// <summary>Starts a direct item in the slot its submitter reserved.</summary>
    private Task<TResult> StartDirect<TState, TResult>(DirectWorkItem<TState, TResult> item)
    {
        item.MarkStarted();
        Start(item);
        Monitor.OnAccepted(this, item, queued: false);
        return item;
    }

    /// <summary>Places a submission now, or after its delay, or throws the refusal.</summary>
    private Task<TResult> Admit<TResult>(WorkItem<TResult> item, SubmitOptions options) =>
        TryAdmit(item, options, out var refusal, out int backlog) ?? throw (refusal == RefusalReason.BacklogFull
            ? new RejectedExecutionException(Name, backlog, MaxBacklog ?? 0)
            : ExecutorShutdownException.For(Name));

    /// <summary>Places a submission now, or after its delay; one canceled before it is placed never runs. Null when refused.</summary>
    private Task<TResult>? TryAdmit<TResult>(WorkItem<TResult> item, SubmitOptions options, out RefusalReason refusal, out int backlog)
    {
        TimeSpan delay = options.Delay;
        CancellationToken cancellationToken = options.CancellationToken;
        item.Key = options.Key;
        refusal = RefusalReason.ShutDown;
        backlog = 0;
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), delay, $"Delay {delay} is not accepted: use zero (run as soon as a worker is free) or a positive duration.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return CanceledBeforeQueueing<TResult>(cancellationToken);
        }

        if (delay == TimeSpan.Zero)
        {
            switch (Place(item, out backlog))
            {
                case ScheduleOutcome.Dispatched:
                case ScheduleOutcome.Queued:
                    return item.Task;
                case ScheduleOutcome.Rejected:
                    refusal = RefusalReason.BacklogFull;
                    return null;
                default:
                    return null;
            }
        }

        if (!IsAlive)
        {
            return null;
        }

        var delayed = Volatile.Read(ref _delayed) ?? InitializeDelayed();
        return delayed.TryAdd(item, delay, cancellationToken) ? item.Task : null;
    }

    private DelayedQueue InitializeDelayed()
    {
        var created = new DelayedQueue(this, Counters.Time);
        var existing = Interlocked.CompareExchange(ref _delayed, created, null);
        if (existing is null)
        {
            return created;
        }

        created.Dispose();
        return existing;
    }

    // A terminated executor leaves the metrics before a waiting shutdown returns; GetStatistics stays readable.
    private async Task CloseMonitorAfterAsync(Task terminated)
    {
        try
        {
            await terminated.ConfigureAwait(Simulated.Captures);
        }
        finally
        {
            Monitor.Close();
            _completion.TrySetResult();
        }
    }

    private Task<TResult>? CanceledBeforeQueueing<TResult>(CancellationToken cancellationToken)
    {
        // Counted as settling, so a shutdown that did not refuse this submission returns only after it is counted.
        EnterSettling();
        try
        {
            if (!IsAlive)
            {
                return null;
            }

            Counters.RecordCanceled();
            return Task.FromCanceled<TResult>(cancellationToken);
        }
        finally
        {
            ExitSettling();
        }
    }
}
