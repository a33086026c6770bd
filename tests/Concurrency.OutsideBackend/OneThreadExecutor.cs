using System.Collections.Concurrent;

namespace Concurrency.OutsideBackend;

/// <summary>
/// A backend in a few lines on <see cref="PooledExecutor"/>: every started item runs on one dedicated thread, in the
/// order it started. The engine does the rest (admission, backlog, cancellation, delayed work, statistics, shutdown).
/// </summary>
public sealed class OneThreadExecutor : PooledExecutor
{
    /// <summary>The backend name this executor reports.</summary>
    public const string BackendName = "one-thread";

    [ThreadStatic]
    private static OneThreadExecutor? t_owner;

    private readonly BlockingCollection<IStartedWork> _started = [];
    private readonly Thread _thread;

    /// <summary>Creates the executor and starts its thread.</summary>
    /// <param name="options">Name, worker limit (submissions in flight), backlog and clock.</param>
    public OneThreadExecutor(ExecutorOptions options)
        : base(
            (options ?? throw new ArgumentNullException(nameof(options))).Name ?? "one-thread",
            BackendName,
            nameof(OneThreadExecutor),
            options.MaxWorkers ?? 1,
            options.MaxWorkers ?? 1,
            options.MaxBacklog,
            options)
    {
        _thread = new Thread(RunThread) { IsBackground = true, Name = Name };
        _thread.UnsafeStart();
    }

    /// <inheritdoc/>
    protected override bool IsCallerOnOwnWorker => t_owner == this;

    /// <inheritdoc/>
    protected override void Start(IStartedWork work) => _started.Add(work);

    /// <inheritdoc/>
    protected override (int Workers, int Idle) CountWorkers(int inFlight) => (1, inFlight == 0 ? 1 : 0);

    /// <inheritdoc/>
    protected override void OnDrained() => _started.CompleteAdding();

    private void RunThread()
    {
        t_owner = this;
        while (TakeStarted() is { } work)
        {
            if (work.Run())
            {
                Finish(work);
            }
        }

        _started.Dispose();
        SignalTerminated();
    }

    /// <summary>The next started item; null once the executor has drained.</summary>
    private IStartedWork? TakeStarted()
    {
        while (true)
        {
            try
            {
                return _started.TryTake(out var work, Timeout.Infinite) ? work : null;
            }
            catch (ThreadInterruptedException)
            {
                // An interrupt an item left pending is delivered to the first wait after it; the wait goes on.
            }
        }
    }
}
