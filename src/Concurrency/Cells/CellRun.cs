namespace Concurrency.Cells;

/// <summary>
/// One cell's call inside a scatter-gather call: its own cancellation and a state that decides, exactly once,
/// whether the call starts or is abandoned while still queued.
/// </summary>
/// <remarks>
/// Its token is not linked to the caller's: canceling it runs the driver's callbacks, which may block on the network
/// (Npgsql opens a connection to send a cancel request), so a caller's cancellation reaches each call on a thread of
/// its own, never on the canceling thread and never one call after another.
/// </remarks>
internal sealed class CellRun<T> : IDisposable, IDescribedWork
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Abandoned = 2;

    private readonly CancellationTokenSource _cancellation;
    private readonly Lock _gate = new();
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenRegistration _callerCanceled;
    private int _state;
    private bool _disposed;

    public CellRun(
        Cell cell,
        CellQuery<T> query,
        string executorName,
        CancellationToken callerToken,
        Microsoft.Extensions.Logging.ILogger? logger = null,
        ScatterGatherCounters? counters = null)
    {
        Counters = counters ?? CellGather.ProcessCounters;
        Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        Cell = cell;
        Query = query;
        ExecutorName = executorName;
        _cancellation = new CancellationTokenSource();
        Token = _cancellation.Token;
        _callerToken = callerToken;
        _callerCanceled = callerToken.UnsafeRegister(static run => ((CellRun<T>)run!).CancelElsewhere("its caller canceled"), this);
    }

    public Cell Cell { get; }

    public CellQuery<T> Query { get; }

    public Microsoft.Extensions.Logging.ILogger Logger { get; }

    /// <summary>The executor the call runs on, as reports name it.</summary>
    public string ExecutorName { get; }

    /// <summary>Where this call's gatherer counts.</summary>
    public ScatterGatherCounters Counters { get; }

    /// <summary>How reports name this call: the cell and the query, never a compiler-generated closure.</summary>
    public string Description =>
        $"scatter-gather query {Query.Name} for cell {Cell.Name} ({Cell.Id})";

    /// <summary>Where its gather collects queries that held the loop, to warn once for all its cells.</summary>
    public SynchronousQueries? Synchronous { get; init; }

    /// <summary>Whether the bulkhead let this call through to a hung cell to see whether it is back.</summary>
    public bool IsProbe { get; init; }

    /// <summary>Whether the query began (so an outcome is the cell's own answer, not the executor's refusal).</summary>
    public bool HasStarted => Volatile.Read(ref _state) == Started;

    public CancellationToken Token { get; }

    public Task<T> Task { get; set; } = null!;

    /// <summary>Completes, never faulted, once <see cref="Task"/> has ended and its exception has been observed.</summary>
    public Task Ended { get; set; } = null!;

    /// <summary>For a call left running at the timeout: completes once its end has been counted and logged.</summary>
    public Task? LeftRunningReported { get; set; }

    /// <summary>Claims a call that has not started, so it never will; false when it is already running.</summary>
    public bool TryAbandonQueued() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

    public async Task<T> RunAsync(CancellationToken cancellationToken)
    {
        var context = Begin();
        if (Core.Simulated.Current is { } simulation)
        {
            await simulation.EnterSeamAsync(ISimulationContext.CellSeam, Cell.Name, Token).ConfigureAwait(Core.Simulated.Captures);
            return await Query.Async!(context).ConfigureAwait(Core.Simulated.Captures);
        }

        if (SynchronizationContext.Current is not IOffloadingContext)
        {
            return await Query.Async!(context).ConfigureAwait(Core.Simulated.Captures);
        }

        // On a cooperative loop an "asynchronous" query that completes synchronously held the loop all along.
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var task = Query.Async!(context);
        if (task.IsCompleted)
        {
            Synchronous?.Check(this, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        return await task.ConfigureAwait(Core.Simulated.Captures);
    }

    public async Task<T> RunOffloadedAsync(CancellationToken cancellationToken)
    {
        var context = Begin();
        var query = Query.Blocking!;
        if (Core.Simulated.Current is { } simulation)
        {
            await simulation.EnterSeamAsync(ISimulationContext.CellSeam, Cell.Name, Token).ConfigureAwait(Core.Simulated.Captures);
        }

        return await Offload.RunAsync(_ => query(context), Token).ConfigureAwait(Core.Simulated.Captures);
    }

    public T RunBlocking(CancellationToken cancellationToken)
    {
        var previous = CellContext.Current;
        try
        {
            return Query.Blocking!(Begin());
        }
        finally
        {
            CellContext.Exit(previous);
        }
    }

    /// <summary>
    /// Cancels the call on a .NET pool thread (in a simulation, later on its thread), so the driver's callbacks hold
    /// neither the caller nor the other calls; a callback that throws is reported (naming <paramref name="why"/>),
    /// never thrown at the canceling thread.
    /// </summary>
    public void CancelElsewhere(string why) =>
        Core.Simulated.Queue(static state => state.run.CancelReported(state.why), (run: this, why));

    public void Cancel()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _cancellation.Cancel();
            }
        }
    }

    public void Dispose()
    {
        _callerCanceled.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _cancellation.Dispose();
        }
    }

    private CellContext Begin()
    {
        if (Token.IsCancellationRequested || _callerToken.IsCancellationRequested || Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
        {
            // Canceled or abandoned at the timeout between leaving the queue and starting: the query must not run.
            Cancel();
            throw new OperationCanceledException(Token);
        }

        var context = new CellContext(Cell, Token);
        CellContext.Enter(context);
        return context;
    }

    private void CancelReported(string why)
    {
        try
        {
            Cancel();
        }
        catch (AggregateException error)
        {
            Counters.ReportingFailed();
            Counters.Report((Logger, error, Cell, ExecutorName, why), static s => ScatterGatherLog.CancelFailed(s.Logger, s.error, s.Cell.Name, s.Cell.Id, s.ExecutorName, s.why));
        }
    }
}
