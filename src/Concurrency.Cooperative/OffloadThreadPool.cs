using System.Collections.Concurrent;
using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// A loop's offload pool, as eventlet's tpool: native threads of its own for the blocking calls <see cref="Offload"/>
/// sends off the loop. A thread starts whenever more calls are in flight than threads exist, up to the limit, so a
/// blocking call never waits behind another while the pool is below it; threads stay until the pool shuts down. The
/// engine (<see cref="PooledExecutor"/>) does admission, backlog, statistics, warnings and shutdown.
/// </summary>
internal sealed class OffloadThreadPool : PooledExecutor
{
    internal const string TypeName = nameof(OffloadThreadPool);

    [ThreadStatic]
    private static OffloadThreadPool? t_owner;

    private readonly BlockingCollection<IStartedWork> _started = [];
    private readonly ConcurrentDictionary<int, IStartedWork> _running = new();
    private readonly TimeSpan? _schedulerSlice;
    private readonly Action<TimeSpan, string?>? _reportSlice;
    private int _threads;
    private int _busy;
    private int _sliceReported;

    /// <param name="name">The pool's name, and its threads' name prefix.</param>
    /// <param name="maxWorkers">Blocking calls that may run at once.</param>
    /// <param name="schedulerSlice">The scheduler slice each thread asks for (<see cref="SchedulerSlice"/>); null leaves the OS's.</param>
    /// <param name="reportSlice">Told once what the first thread's request came to: null refusal when it took effect.</param>
    /// <param name="options">The engine's settings.</param>
    public OffloadThreadPool(string name, int maxWorkers, TimeSpan? schedulerSlice, Action<TimeSpan, string?>? reportSlice, ExecutorOptions options)
        : base(name, CooperativeExecutor.BackendName, TypeName, maxWorkers, maxWorkers, options.MaxBacklog, options)
    {
        _schedulerSlice = schedulerSlice;
        _reportSlice = reportSlice;
    }

    protected override bool IsCallerOnOwnWorker => t_owner == this;

    protected override void Start(IStartedWork work)
    {
        int busy = Interlocked.Increment(ref _busy);
        _started.Add(work);
        int threads;
        while ((threads = Volatile.Read(ref _threads)) < busy && threads < MaxWorkers)
        {
            if (Interlocked.CompareExchange(ref _threads, threads + 1, threads) == threads)
            {
                StartThread(number: threads + 1);
                return;
            }
        }
    }

    protected override (int Workers, int Idle) CountWorkers(int inFlight)
    {
        int threads = Volatile.Read(ref _threads);
        return (threads, Math.Max(0, threads - Volatile.Read(ref _busy)));
    }

    protected override string DescribeBusyWorkers() => DescribeRunning(_running.Values);

    protected override void OnDrained()
    {
        _started.CompleteAdding();
        if (Volatile.Read(ref _threads) == 0)
        {
            SignalTerminated();
        }
    }

    private void StartThread(int number)
    {
        var thread = new Thread(RunThread) { IsBackground = true, Name = $"{Name}-{number}" };
        try
        {
            // UnsafeStart: the thread must not keep the first caller's ExecutionContext for its whole life.
            thread.UnsafeStart();
        }
        catch (Exception error) when (error is OutOfMemoryException or ThreadStartException)
        {
            // With no thread left the calls waiting for one would wait forever: they fail with the reason instead.
            if (Interlocked.Decrement(ref _threads) == 0)
            {
                FailWaiting(error);
            }
        }
    }

    private void RunThread()
    {
        if (_schedulerSlice is { } slice)
        {
            string? refusal = SchedulerSlice.TrySetForCurrentThread(slice);
            if (Interlocked.Exchange(ref _sliceReported, 1) == 0)
            {
                _reportSlice?.Invoke(slice, refusal);
            }
        }

        t_owner = this;
        int thread = Environment.CurrentManagedThreadId;
        while (TakeStarted() is { } work)
        {
            _running[thread] = work;
            bool ended = work.Run();
            _running.TryRemove(thread, out _);
            Interlocked.Decrement(ref _busy);
            if (ended)
            {
                Finish(work);
            }
        }

        if (Interlocked.Decrement(ref _threads) == 0)
        {
            SignalTerminated();
        }
    }

    /// <summary>The next started item; null once the pool has drained. An interrupt work left pending is taken here.</summary>
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
                // Meant for work that has ended; the wait goes on.
            }
        }
    }

    private void FailWaiting(Exception error)
    {
        while (_started.TryTake(out var work))
        {
            Interlocked.Decrement(ref _busy);
            var next = Fail(work, error);
            while (next is not null)
            {
                next = Fail(next, error);
            }
        }
    }
}
