using Microsoft.Extensions.Logging;

namespace Concurrency;

/// <summary>
/// A single-threaded cooperative loop: one dedicated thread with its own SynchronizationContext and TaskScheduler
/// (maximum concurrency 1). Every cooperative executor's work, and the continuations of its awaits, run on this
/// thread in FIFO order (or a seeded shuffle). A synchronous blocking call on the loop blocks all of it; use
/// <see cref="Offload"/> for those.
/// </summary>
/// <remarks>
/// <para>Decisions on the known pitfalls of single-threaded contexts:</para>
/// <list type="bullet">
/// <item>An exception that escapes a callback (an <c>async void</c> method's, say) is reported through the logger,
/// <see cref="UnhandledException"/> and <see cref="UnhandledExceptions"/>; the loop keeps running.</item>
/// <item>A work item's Task completes the moment it ends; it never waits for other work on the loop.</item>
/// <item>Nothing posted is dropped: while the loop is disposing it drains its queue and waits for its executors;
/// a callback posted after the loop has stopped runs on the .NET thread pool and is reported as late.</item>
/// <item>A blocking wait on the loop thread for work that needs the loop (sync-over-async) cannot finish. The loop
/// does not hang silently: its watchdog reports the stuck slice loudly, as a possible deadlock when work is waiting
/// behind it. It cannot throw at the wait itself, since .NET offers no hook into blocking waits on Linux.</item>
/// </list>
/// </remarks>
public sealed partial class CooperativeLoop : IAsyncDisposable
{
    private static readonly Lazy<CooperativeLoop> s_default = new(() => new CooperativeLoop(new CooperativeLoopOptions { Name = "cooperative-hub" }));

    [ThreadStatic]
    private static CooperativeLoop? t_current;

    private readonly Lock _gate = new();
    private readonly ReadyQueue _ready;
    private readonly ManualResetEventSlim _signal = new(initialState: false);
    private readonly LoopSynchronizationContext _context;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<LoopExecutor> _executors = [];
    private readonly Lazy<IExecutor> _offload;
    private readonly LoopMetrics _loopMetrics;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Core.ThreadBaseline _threadState;
    private readonly TimeSpan? _schedulerSlice;
    private bool _sleeping;
    private bool _disposing;
    private bool _closing;
    private bool _exited;
    private int _batchRemaining;
    private long _unhandledExceptions;
    private long _lateCallbacks;

    /// <summary>Creates a loop and starts its thread.</summary>
    /// <param name="options">Settings; null takes the defaults.</param>
    public CooperativeLoop(CooperativeLoopOptions? options = null)
    {
        options ??= new CooperativeLoopOptions();
        Name = options.Name;
        ShuffleSeed = options.ShuffleSeed;
        Time = options.TimeProvider;
        _ready = new ReadyQueue(options.ShuffleSeed);
        _logger = options.LoggerFactory.CreateLogger<CooperativeLoop>();
        _context = new LoopSynchronizationContext(this);
        Scheduler = new LoopTaskScheduler(this);
        int offloadWorkers = options.OffloadWorkers;
        var offloadSlice = options.OffloadSchedulerSlice;
        _schedulerSlice = options.LoopSchedulerSlice;
        // Reported like any pool: its statistics, queued-work and starvation warnings go to the loop's logger.
        _offload = new Lazy<IExecutor>(() => new OffloadThreadPool($"{Name}.offload", offloadWorkers, offloadSlice, ReportOffloadSlice, new ExecutorOptions
        {
            PoolName = $"{Name}.offload",
            SizeSetting = options.OffloadSizeSetting ?? "CooperativeLoopOptions.OffloadWorkers",
            Metrics = options.Metrics,
            TimeProvider = options.TimeProvider,
            LoggerFactory = options.LoggerFactory,
            StarvationThreshold = options.OffloadStarvationThreshold,
        }));
        _watchdog = new Watchdog(this, options.SlowSliceThreshold, options.TimeProvider);
        if (ShuffleSeed is { } seed)
        {
            Log.ShuffleMode(_logger, Name, seed);
        }

        _loopMetrics = options.LoopMetrics;
        _loopMetrics.Register(this);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = Name };
        _threadState = new Core.ThreadBaseline(_thread);
        _thread.UnsafeStart();
    }

    /// <summary>The process's default loop (the hub), started on first use and never stopped.</summary>
    public static CooperativeLoop Default => s_default.Value;

    /// <summary>The loop whose thread is calling, or null on any other thread.</summary>
    public static CooperativeLoop? Current => t_current;

    /// <summary>The loop's name.</summary>
    public string Name { get; }

    /// <summary>The shuffle seed in force, or null in FIFO mode. Print it to reproduce an ordering.</summary>
    public int? ShuffleSeed { get; }

    /// <summary>A TaskScheduler that runs tasks on this loop, one at a time.</summary>
    public TaskScheduler Scheduler { get; }

    /// <summary>The loop's SynchronizationContext; awaits on the loop resume through it.</summary>
    public SynchronizationContext SynchronizationContext => _context;

    /// <summary>Whether the calling thread is this loop's thread.</summary>
    public bool IsOnLoopThread => t_current == this;

    /// <summary>The executor behind <see cref="Offload"/> for this loop: its statistics show the offloaded calls.</summary>
    public IExecutor OffloadExecutor => _offload.Value;

    /// <summary>What the loop is doing now; a group's loops side by side show a hot key's loop.</summary>
    /// <returns>A snapshot.</returns>
    public LoopState GetState()
    {
        var executors = AttachedExecutors();
        return new(
            Name,
            BusyTime.TotalSeconds,
            ReadyCount,
            SlowSlices,
            UnhandledExceptions,
            OffloadExecutor.GetPoolState(),
            [.. executors.Select(executor => new LoopExecutorState(executor.Name, executor.InFlightOn(this)))]);
    }

    /// <summary>The loop's offload pool as a pool report shows it, under <see cref="PoolNames.Offload"/>.</summary>
    /// <returns>One entry.</returns>
    public IReadOnlyList<BackendPool> GetOwnPools() => [new(PoolNames.Offload, OffloadThreadPool.TypeName, OffloadExecutor)];

    /// <summary>Exceptions that escaped a callback on the loop (reported, never fatal).</summary>
    public long UnhandledExceptions => Interlocked.Read(ref _unhandledExceptions);

    /// <summary>Callbacks posted after the loop stopped; they ran on the .NET thread pool instead of being dropped.</summary>
    public long LateCallbacks => Interlocked.Read(ref _lateCallbacks);

    /// <summary>Entries ready to run and waiting for the loop: in its queue, or already taken into the batch it is running.</summary>
    public int ReadyCount
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count + Volatile.Read(ref _batchRemaining);
            }
        }
    }

    /// <summary>Raised on the loop thread when a callback throws; the loop carries on.</summary>
    public event EventHandler<UnhandledExceptionEventArgs>? UnhandledException;

    /// <summary>Yields the loop so other ready work runs first, like <c>eventlet.sleep(0)</c>.</summary>
    /// <returns>An awaitable that resumes at the back of the ready queue (on the thread pool when not on a loop).</returns>
    public static System.Runtime.CompilerServices.YieldAwaitable Yield() => Task.Yield();

    /// <summary>
    /// Stops the loop: shuts down its executors (waiting for their work), drains what is ready, then ends the thread
    /// and the offload pool. Must not be awaited from the loop's own thread.
    /// </summary>
    /// <returns>A task that completes when the loop thread has ended.</returns>
    /// <exception cref="InvalidOperationException">Called on the loop's own thread, or on the default loop.</exception>
    public async ValueTask DisposeAsync()
    {
        if (IsOnLoopThread)
        {
            throw new InvalidOperationException($"Cooperative loop '{Name}' cannot be disposed from its own thread: it would wait for itself. Dispose it from outside the loop.");
        }

        if (s_default.IsValueCreated && ReferenceEquals(s_default.Value, this))
        {
            throw new InvalidOperationException("The default cooperative loop lives as long as the process and cannot be disposed; create a loop of your own to control its lifetime.");
        }

        // From here no executor can attach, so the ones shut down below are all there will ever be.
        LoopExecutor[] executors;
        lock (_gate)
        {
            _disposing = true;
            executors = [.. _executors];
        }

        foreach (var executor in executors)
        {
            await executor.ShutdownAsync().ConfigureAwait(false);
        }

        lock (_gate)
        {
            _closing = true;
        }

        Wake();
        await _stopped.Task.ConfigureAwait(false);
        _thread.Join();
        _watchdog.Dispose();
        _loopMetrics.Unregister(this);
        if (_offload.IsValueCreated)
        {
            await _offload.Value.DisposeAsync().ConfigureAwait(false);
        }

    }

    /// <summary>Queues a callback on the loop. After the loop stopped, runs it on the thread pool and reports it.</summary>
    internal void Post(object target, object? state)
    {
        var entry = new LoopEntry(target, state);
        bool queued;
        bool wake = false;
        lock (_gate)
        {
            queued = !_exited;
            if (queued)
            {
                _ready.Add(entry);
                wake = _sleeping;
                _sleeping = false;
            }
        }

        if (!queued)
        {
            RunLate(entry);
        }
        else if (wake)
        {
            _signal.Set();
        }
    }

    /// <summary>The executors attached now, copied so their counts are read outside the loop's lock.</summary>
    private LoopExecutor[] AttachedExecutors()
    {
        lock (_gate)
        {
            return [.. _executors];
        }
    }

    internal void Attach(LoopExecutor executor)
    {
        lock (_gate)
        {
            if (_disposing)
            {
                throw new InvalidOperationException($"Cooperative loop '{Name}' is disposing and accepts no new executors: create them on a loop that is running.");
            }

            _executors.Add(executor);
        }
    }

    internal void Detach(LoopExecutor executor)
    {
        lock (_gate)
        {
            _executors.Remove(executor);
        }
    }

    /// <summary>Executors' submissions in flight on this loop.</summary>
    internal int InFlight => AttachedExecutors().Sum(executor => executor.InFlightOn(this));

    /// <summary>
    /// Entries waiting for the loop, read without its lock: a racy but never torn figure, good enough to pick the less
    /// loaded of two loops without slowing either.
    /// </summary>
    internal int ApproximateLoad => _ready.Count + Volatile.Read(ref _batchRemaining);

    /// <summary>The loop's clock: slices are timed on it.</summary>
    internal TimeProvider Time { get; }

    /// <summary>The target of the slice running now (an executor, or a callback), for ownership checks.</summary>
    internal object? CurrentTarget { get; private set; }

    private void RunLoop()
    {
        if (_schedulerSlice is { } slice)
        {
            string? refusal = SchedulerSlice.TrySetForCurrentThread(slice);
            Log.LoopSlice(_logger, Name, slice.TotalMilliseconds, refusal ?? SliceInForce);
        }

        _watchdog.OnLoopThreadStarted();
        t_current = this;
        SynchronizationContext.SetSynchronizationContext(_context);
        var batch = new LoopEntry[64];
        while (true)
        {
            int count;
            lock (_gate)
            {
                count = _ready.TakeBatch(batch);
                if (count == 0 && _closing)
                {
                    _exited = true;
                    break;
                }

                _sleeping = count == 0;
            }

            if (count == 0)
            {
                WaitForWork();
                continue;
            }

            // Back-to-back slices share a clock read: one slice's end is the next one's start.
            long now = 0;
            for (int i = 0; i < count; i++)
            {
                // Entries the loop already took are waiting as much as the ready queue's: the watchdog counts both.
                Volatile.Write(ref _batchRemaining, count - i - 1);
                now = RunSlice(batch[i], now);
                batch[i] = default;
            }
        }

        t_current = null;
        _stopped.TrySetResult();
    }

    private long RunSlice(in LoopEntry entry, long now)
    {
        CurrentTarget = entry.Target;
        long started = _watchdog.SliceStarted(entry, now);
        long finishedAt = 0;
        long ended;
        bool finished = false;
        try
        {
            finished = entry.Run(out finishedAt);
        }
        catch (Exception error)
        {
            ReportUnhandled(error, entry);
        }
        finally
        {
            ended = _watchdog.SliceEnded(started, entry, finishedAt);
            CurrentTarget = null;
            if (SynchronizationContext.Current != _context)
            {
                SynchronizationContext.SetSynchronizationContext(_context);
            }

            _threadState.Restore();
        }

        if (finished)
        {
            ((ILoopTarget)entry.Target).Complete(entry.State);
        }

        return ended;
    }

    private const string SliceInForce = "in force";

    private void ReportOffloadSlice(TimeSpan slice, string? refusal) => Log.OffloadSlice(_logger, Name, slice.TotalMilliseconds, refusal ?? SliceInForce);

    private void WaitForWork()
    {
        Core.InterruptSafe.Wait(_signal);
        _signal.Reset();
    }

    private void Wake()
    {
        lock (_gate)
        {
            _sleeping = false;
        }

        _signal.Set();
    }

    private void ReportUnhandled(Exception error, in LoopEntry entry)
    {
        Interlocked.Increment(ref _unhandledExceptions);
        Log.UnhandledException(_logger, error, Name, entry.Describe());
        try
        {
            UnhandledException?.Invoke(this, new UnhandledExceptionEventArgs(error, isTerminating: false));
        }
        catch (Exception handlerError)
        {
            Log.UnhandledException(_logger, handlerError, Name, "UnhandledException event handler");
        }
    }

    private void RunLate(LoopEntry entry)
    {
        Interlocked.Increment(ref _lateCallbacks);
        Log.LateCallback(_logger, Name, entry.Describe());
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                try
                {
                    // A work item still gives its slot back and completes its Task, wherever it ran.
                    if (state.entry.Run(out _))
                    {
                        ((ILoopTarget)state.entry.Target).Complete(state.entry.State);
                    }
                }
                catch (Exception error)
                {
                    state.loop.ReportUnhandled(error, state.entry);
                }
            },
            (entry, loop: this),
            preferLocal: false);
    }
}
