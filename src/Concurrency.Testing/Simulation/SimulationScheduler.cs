using System.Collections.Concurrent;
using System.Diagnostics;

namespace Concurrency.Testing;

/// <summary>
/// One run of a simulation: a thread of its own that runs ready work one item at a time, the seed choosing which,
/// and moves the virtual clock to the next timer when nothing is ready. Work that arrives from another thread is an
/// escape: it is run, recorded with where it came from, and fails the run unless the options allow escapes.
/// </summary>
internal sealed partial class SimulationScheduler
{
    [ThreadStatic]
    private static SimulationScheduler? t_current;

    // Flows with everything started inside the run, so a .NET pool thread that picks such work up is seen entering.
    private static readonly AsyncLocal<SimulationScheduler?> s_inside = new(OnInsideChanged);

    private readonly Lock _gate = new();
    private readonly List<ReadyEntry> _ready = [];
    private readonly ConcurrentQueue<ReadyEntry> _inbox = new();
    private readonly object _arrived = new();
    private readonly List<VirtualTimer> _timers = [];
    private readonly List<SimulationEscape> _escapes = [];
    private readonly List<IExecutor> _executors = [];
    private readonly Random _schedule;
    private readonly SimulationOptions _options;
    private readonly SimulationTrace _trace;
    private readonly TaskCompletionSource<SimulationRun> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _wall = new();
    private long _now;
    private long _sequence;
    private long _timerSequence;
    private long _steps;
    private long _quietSince;
    private int _foreignRunning;
    private int _escapeCount;
    private long _stepStartedAt;
    private string? _stepDescription;
    private volatile bool _closed;
    private Exception? _failure;
    private Task? _body;

    // The context while an executor item runs: the same simulation, another instance, so an await captured elsewhere
    // is posted as a step of its own instead of running inline on the item's worker (a caller's code never does).
    private readonly SimulationContext _workerContext;

    public SimulationScheduler(int seed, SimulationOptions options, Simulation simulation)
    {
        Seed = seed;
        Simulation = simulation;
        _options = options;
        _schedule = new Random(seed);
        _trace = new SimulationTrace(options.TraceLength);
        Context = new SimulationContext(this, simulation);
        _workerContext = new SimulationContext(this, simulation);
        Time = new VirtualTime(this);
    }

    public int Seed { get; }

    public Simulation Simulation { get; }

    public SimulationContext Context { get; }

    public VirtualTime Time { get; }

    /// <summary>The virtual time, in ticks since the run began.</summary>
    public long Now => Volatile.Read(ref _now);

    /// <summary>The executor whose work is running now, for its own-worker checks.</summary>
    public object? CurrentTarget { get; private set; }

    /// <summary>The run whose thread is calling, or null.</summary>
    public static SimulationScheduler? Current => t_current;

    public bool IsOnSimulationThread => t_current == this;

    public SimulationTrace Trace => _trace;

    /// <summary>Starts the run on its own thread; the Task ends with the run, never faulted.</summary>
    public Task<SimulationRun> RunAsync(Func<Task> body)
    {
        _wall.Start();
        var thread = new Thread(() => Loop(body)) { IsBackground = true, Name = $"simulation seed {Seed}" };
        Timer watchdog;
        using (ExecutionContext.SuppressFlow())
        {
            watchdog = new Timer(static state => ((SimulationScheduler)state!).CheckBlocked(), this, WatchdogPeriod, WatchdogPeriod);
            thread.UnsafeStart();
        }

        return EndAsync(watchdog);
    }

    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(100);

    private async Task<SimulationRun> EndAsync(Timer watchdog)
    {
        try
        {
            return await _done.Task.ConfigureAwait(false);
        }
        finally
        {
            await watchdog.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Attach(IExecutor executor)
    {
        lock (_gate)
        {
            _executors.Add(executor);
        }
    }

    /// <summary>Queues work to run when the seed chooses it; from another thread, it is an escape.</summary>
    public void Post(object target, object? state, string? key = null)
    {
        if (IsOnSimulationThread)
        {
            _ready.Add(new ReadyEntry(target, state, _sequence++, key));
            return;
        }

        if (_closed)
        {
            RunLate(target, state);
            return;
        }

        RecordEscape(Escapes.FromPost(target, state));
        _inbox.Enqueue(new ReadyEntry(target, state, 0, key));
        Signal();
    }

    public bool Arm(VirtualTimer timer, long? dueIn, long? period)
    {
        bool foreign = !IsOnSimulationThread;
        lock (_gate)
        {
            timer.Due = dueIn is { } due ? Now + due : null;
            timer.Period = period;
            timer.Sequence = _timerSequence++;
            if (timer.Due is null)
            {
                _timers.Remove(timer);
            }
            else if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }
        }

        if (foreign)
        {
            Signal();
        }

        return true;
    }

    public void Disarm(VirtualTimer timer)
    {
        lock (_gate)
        {
            timer.Due = null;
            _timers.Remove(timer);
        }
    }

    private void Loop(Func<Task> body)
    {
        t_current = this;
        SynchronizationContext.SetSynchronizationContext(Context);
        s_inside.Value = this;
        try
        {
            Post(new SendOrPostCallback(_ => _body = Start(body)), StartState.Instance);
            while (Volatile.Read(ref _failure) is null)
            {
                DrainInbox();
                if (_ready.Count > 0)
                {
                    RunOne();
                    continue;
                }

                // After the test ends, what is ready still runs (nothing is dropped), but time no longer moves.
                if (_body is { IsCompleted: true })
                {
                    break;
                }

                if (WaitForForeign() || Advance() || LateEscapeArrived())
                {
                    continue;
                }

                Fail(new SimulationException(SimulationFailureKind.Deadlock, DescribeDeadlock()));
            }
        }
        catch (Exception error)
        {
            Fail(error);
        }
        finally
        {
            _closed = true;
            s_inside.Value = null;
            SynchronizationContext.SetSynchronizationContext(null);
            t_current = null;
            Complete();
        }
    }

    private static Task Start(Func<Task> body)
    {
        try
        {
            return body() ?? Task.CompletedTask;
        }
        catch (Exception error)
        {
            return Task.FromException(error);
        }
    }

    private void RunOne()
    {
        int index = Choose();
        var entry = _ready[index];
        _ready[index] = _ready[^1];
        _ready.RemoveAt(_ready.Count - 1);
        string what = entry.Describe();

        // The entry's place in the order work became ready tells apart items that read alike (so their order counts).
        _trace.Add(Now, entry.Key is null ? $"{what} #{entry.Sequence}" : $"{what} #{entry.Sequence} key {entry.Key}");
        Volatile.Write(ref _stepDescription, what);
        Volatile.Write(ref _stepStartedAt, Stopwatch.GetTimestamp());
        try
        {
            entry.Run(this);
        }
        catch (Exception error)
        {
            Fail(new SimulationException(SimulationFailureKind.Unhandled, $"'{what}' threw at {SimulationTrace.Show(Now)} and nothing observed it: {error.GetType().Name}: {error.Message}", error));
        }
        finally
        {
            Volatile.Write(ref _stepStartedAt, 0);
            CurrentTarget = null;
            if (SynchronizationContext.Current != Context)
            {
                SynchronizationContext.SetSynchronizationContext(Context);
            }
        }

        if (!entry.IsPeriodicTick)
        {
            _quietSince = Now;
        }

        if (++_steps > _options.MaxSteps)
        {
            Fail(new SimulationException(
                    SimulationFailureKind.Limit,
                $"The run took more than {_options.MaxSteps:N0} steps (SimulationOptions.MaxSteps) without the test ending: work that keeps making work (a livelock, or a loop of yields). Last step: {what}."));
        }
    }

    internal void RunItem(SimulatedExecutor executor, IStartedWork work)
    {
        CurrentTarget = executor;
        SynchronizationContext.SetSynchronizationContext(_workerContext);
        if (work.Run())
        {
            executor.Complete(work);
        }
    }

    /// <summary>The seed's choice among ready entries; a keyed item never overtakes an older one of its key.</summary>
    private int Choose()
    {
        int chosen = _schedule.Next(_ready.Count);
        if (_ready[chosen].Key is not { } key)
        {
            return chosen;
        }

        for (int i = 0; i < _ready.Count; i++)
        {
            if (_ready[i].Sequence < _ready[chosen].Sequence && string.Equals(_ready[i].Key, key, StringComparison.Ordinal))
            {
                chosen = i;
            }
        }

        return chosen;
    }

    private void DrainInbox()
    {
        while (_inbox.TryDequeue(out var entry))
        {
            _ready.Add(entry with { Sequence = _sequence++ });
        }
    }

    /// <summary>Moves the clock to the next due timer and makes every timer due then ready; false when none is armed.</summary>
    private bool Advance()
    {
        long due;
        lock (_gate)
        {
            VirtualTimer? next = null;
            bool oneShot = false;
            foreach (var timer in _timers)
            {
                if (timer.Due is not { } at)
                {
                    continue;
                }

                oneShot |= timer.Period is null;
                if (next is null || at < next.Due || (at == next.Due && timer.Sequence < next.Sequence))
                {
                    next = timer;
                }
            }

            // Periodic housekeeping (statistics, starvation checks) alone never ends a wait: past a quiet spell it is a deadlock.
            if (next is null || (!oneShot && next.Due!.Value - _quietSince > _options.DeadlockAfter.Ticks))
            {
                return false;
            }

            due = next.Due!.Value;
            if (due > _options.MaxVirtualTime.Ticks)
            {
                Fail(new SimulationException(
                    SimulationFailureKind.Limit,
                    $"The run reached {SimulationTrace.Show(due)} of virtual time (SimulationOptions.MaxVirtualTime is {_options.MaxVirtualTime}) without the test ending."));
                return true;
            }

            Volatile.Write(ref _now, Math.Max(Now, due));
            foreach (var timer in _timers.Where(timer => timer.Due == due).OrderBy(timer => timer.Sequence).ToList())
            {
                bool periodic = timer.Period is not null;
                timer.Due = timer.Period is { } period ? due + period : null;
                _ready.Add(new ReadyEntry(timer, periodic ? PeriodicTick.Instance : null, _sequence++, null));
            }

            _timers.RemoveAll(timer => timer.Due is null);
        }

        _trace.Add(Now, "time");
        return true;
    }

    /// <summary>
    /// Waits (in real time) for work that left the run to come back before time moves: only after an escape, since a
    /// run without one has nothing outside it.
    /// </summary>
    private bool WaitForForeign()
    {
        if (Volatile.Read(ref _escapeCount) == 0 && Volatile.Read(ref _foreignRunning) == 0)
        {
            return false;
        }

        long deadline = Stopwatch.GetTimestamp() + (long)(_options.EscapeWait.TotalSeconds * Stopwatch.Frequency);
        long grace = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50;
        while (_inbox.IsEmpty)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= deadline || (now >= grace && Volatile.Read(ref _foreignRunning) == 0))
            {
                break;
            }

            lock (_arrived)
            {
                if (_inbox.IsEmpty)
                {
                    Monitor.Wait(_arrived, TimeSpan.FromMilliseconds(5));
                }
            }
        }

        return !_inbox.IsEmpty;
    }

    /// <summary>Before a deadlock is declared: a moment of real time for work that left the run and is on its way back.</summary>
    private bool LateEscapeArrived()
    {
        long deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 10);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (!_inbox.IsEmpty || Volatile.Read(ref _escapeCount) > 0)
            {
                return true;
            }

            lock (_arrived)
            {
                Monitor.Wait(_arrived, TimeSpan.FromMilliseconds(5));
            }
        }

        return false;
    }

    private void Signal()
    {
        lock (_arrived)
        {
            Monitor.PulseAll(_arrived);
        }
    }

    private void CheckBlocked()
    {
        long started = Volatile.Read(ref _stepStartedAt);
        if (started == 0 || _done.Task.IsCompleted || Stopwatch.GetElapsedTime(started) < _options.BlockedAfter)
        {
            return;
        }

        Fail(new SimulationException(
            SimulationFailureKind.Blocked,
            $"The simulation's thread has been inside '{Volatile.Read(ref _stepDescription)}' for {_options.BlockedAfter.TotalSeconds:0.#} s of real time (SimulationOptions.BlockedAfter): " +
            "a blocking wait on the simulation (.Result, .Wait(), a lock or a Thread.Sleep). What it waits for needs the simulation's one thread, so it can never finish; await instead."));
        Complete();
    }

    private void Fail(Exception error) => Interlocked.CompareExchange(ref _failure, error, null);

    internal void RecordEscape(SimulationEscape escape)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _escapeCount);
            if (_escapes.Find(known => known.Where == escape.Where) is null && _escapes.Count < 20)
            {
                _escapes.Add(escape);
            }
        }
    }

    private void Complete()
    {
        SimulationEscape[] escapes;
        lock (_gate)
        {
            escapes = [.. _escapes];
        }

        var failure = Volatile.Read(ref _failure);
        if (failure is null && _body is { IsFaulted: true } faulted)
        {
            failure = faulted.Exception!.InnerExceptions.Count == 1 ? faulted.Exception.InnerException : faulted.Exception;
        }
        else if (failure is null && _body is { IsCanceled: true })
        {
            failure = new OperationCanceledException("The test's Task ended canceled.");
        }

        if (failure is null && escapes.Length > 0 && !_options.AllowEscapes)
        {
            failure = new SimulationException(
                SimulationFailureKind.Escaped,
                $"Work left the simulation {Volatile.Read(ref _escapeCount)} time(s), so this run depends on real time and cannot be replayed (SimulationOptions.AllowEscapes is false):{Environment.NewLine}" +
                string.Join(Environment.NewLine, escapes.Select(escape => $"  - {escape}")));
        }

        _done.TrySetResult(new SimulationRun(Seed, _trace.Hash, _steps, TimeSpan.FromTicks(Now), _wall.Elapsed, escapes, _trace.Recent(), failure));
    }

    private static void RunLate(object target, object? state) =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static pair =>
            {
                if (pair.target is SendOrPostCallback callback)
                {
                    callback(pair.state);
                }
            },
            (target, state),
            preferLocal: false);

    private static void OnInsideChanged(AsyncLocalValueChangedArgs<SimulationScheduler?> change)
    {
        if (!change.ThreadContextChanged)
        {
            return;
        }

        if (change.CurrentValue is { } entered && t_current != entered)
        {
            Interlocked.Increment(ref entered._foreignRunning);
            if (!entered._closed)
            {
                entered.RecordEscape(Escapes.FromThreadPool());
            }
        }

        if (change.PreviousValue is { } left && t_current != left)
        {
            Interlocked.Decrement(ref left._foreignRunning);
            left.Signal();
        }
    }

    internal sealed class StartState
    {
        public static readonly StartState Instance = new();

        public override string ToString() => "the test starts";
    }

    internal sealed class PeriodicTick
    {
        public static readonly PeriodicTick Instance = new();
    }
}
