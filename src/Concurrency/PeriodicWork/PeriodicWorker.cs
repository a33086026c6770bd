using System.Globalization;
using System.Text;

namespace Concurrency.PeriodicWork;

/// <summary>
/// Runs registered callbacks on an executor, each at its own spacing, as futurist's PeriodicWorker: schedule strategies
/// with or without jitter, run-immediately, enable/disable, <see cref="NeverAgainException"/>, an on-failure hook,
/// per-callback watchers, adding while running, reset, auto-stop when empty, and retry after a refused submission.
/// All time goes through <see cref="PeriodicWorkerOptions.TimeProvider"/>. A callback never overlaps itself.
/// </summary>
public sealed partial class PeriodicWorker : IAsyncDisposable
{
    private readonly bool _ownsExecutor;
    private IExecutor? _executor;
    private readonly PeriodicWorkerOptions _options;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly List<PeriodicCallback> _callbacks = [];
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _idle = NewSignal();
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private int _inFlight;
    private bool _autoStop;

    /// <summary>Creates a worker.</summary>
    /// <param name="executor">Where callbacks run; null gives each start a synchronous executor of the worker's own, shut down on stop.</param>
    /// <param name="options">Strategy, failure hook, clock; null takes the defaults.</param>
    public PeriodicWorker(IExecutor? executor = null, PeriodicWorkerOptions? options = null)
    {
        _ownsExecutor = executor is null;
        _executor = executor;
        _options = options ?? new PeriodicWorkerOptions();
        _clock = Core.Simulated.Clock(_options.ChosenTimeProvider);
        _idle.SetResult();
    }

    /// <summary>The callbacks, in the order they were added.</summary>
    public IReadOnlyList<PeriodicCallback> Callbacks
    {
        get
        {
            lock (_gate)
            {
                return [.. _callbacks];
            }
        }
    }

    /// <summary>Whether the worker has started and not yet stopped.</summary>
    public bool IsRunning => _loop is { IsCompleted: false };

    /// <summary>Completes when the worker stops (by <see cref="StopAsync"/>, or by itself when auto-stopping).</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Adds an asynchronous callback; allowed while the worker runs.</summary>
    /// <param name="name">The callback's name in reports.</param>
    /// <param name="callback">The callback; it receives a token canceled when the worker stops.</param>
    /// <param name="spacing">Time between runs, above zero.</param>
    /// <param name="runImmediately">Run once at start instead of one spacing later.</param>
    /// <param name="enabled">Whether it runs at all until enabled.</param>
    /// <returns>The callback and its watcher.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spacing"/> is not above zero.</exception>
    public PeriodicCallback Add(string name, Func<CancellationToken, Task> callback, TimeSpan spacing, bool runImmediately = false, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(callback);
        if (spacing <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), spacing, $"Spacing {spacing} of periodic callback '{name}' is not accepted: use a positive duration.");
        }

        var added = new PeriodicCallback(this, name, callback, spacing, runImmediately, enabled);
        lock (_gate)
        {
            _callbacks.Add(added);
            if (_loop is not null)
            {
                added.NextRunAt = runImmediately ? Now() : Now() + spacing.TotalSeconds;
            }
        }

        Wake();
        return added;
    }

    /// <summary>Adds a synchronous callback; allowed while the worker runs.</summary>
    /// <param name="name">The callback's name in reports.</param>
    /// <param name="callback">The callback; it receives a token canceled when the worker stops.</param>
    /// <param name="spacing">Time between runs, above zero.</param>
    /// <param name="runImmediately">Run once at start instead of one spacing later.</param>
    /// <param name="enabled">Whether it runs at all until enabled.</param>
    /// <returns>The callback and its watcher.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spacing"/> is not above zero.</exception>
    public PeriodicCallback Add(string name, Action<CancellationToken> callback, TimeSpan spacing, bool runImmediately = false, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Add(name, ct => { callback(ct); return Task.CompletedTask; }, spacing, runImmediately, enabled);
    }

    /// <summary>Starts the schedule.</summary>
    /// <param name="allowEmpty">Start even with no callbacks (they can be added later).</param>
    /// <param name="autoStopWhenEmpty">Stop by itself once no callback is left to run (every one stopped with <see cref="NeverAgainException"/>).</param>
    /// <exception cref="InvalidOperationException">The worker was already started, or has no callbacks and <paramref name="allowEmpty"/> is false.</exception>
    public void Start(bool allowEmpty = false, bool autoStopWhenEmpty = false)
    {
        lock (_gate)
        {
            if (_loop is not null)
            {
                throw new InvalidOperationException("The periodic worker has already been started; a worker starts once (call Reset after it stops to start again).");
            }

            if (_callbacks.Count == 0 && !allowEmpty)
            {
                throw new InvalidOperationException("The periodic worker has no callbacks: add some, or start with allowEmpty: true.");
            }

            double now = Now();
            foreach (var callback in _callbacks)
            {
                callback.NextRunAt = callback.RunImmediately ? now : now + callback.Spacing.TotalSeconds;
            }

            _autoStop = autoStopWhenEmpty;
            if (_ownsExecutor)
            {
                _executor = SynchronousExecutor.Create(new ExecutorOptions { Name = "periodic-worker", TimeProvider = _clock });
            }

            _stop = new CancellationTokenSource();
            var stopping = _stop.Token;
            _loop = Core.Simulated.Current is null
                ? Task.Run(() => RunLoopAsync(stopping))
                : Task.Factory.StartNew(() => RunLoopAsync(stopping), CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.FromCurrentSynchronizationContext()).Unwrap();
        }
    }

    /// <summary>Stops the schedule, waits for running callbacks to end, and shuts down an executor the worker owns.</summary>
    /// <returns>A Task that completes when the worker has stopped.</returns>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            _stop?.Cancel();
        }

        Wake();
        if (loop is not null)
        {
            await loop.ConfigureAwait(Core.Simulated.Captures);
        }

        await WhenIdleAsync().ConfigureAwait(Core.Simulated.Captures);
        if (_ownsExecutor && _executor is { } owned)
        {
            await owned.ShutdownAsync().ConfigureAwait(Core.Simulated.Captures);
        }
    }

    /// <summary>Clears every watcher and lets a stopped worker start again.</summary>
    /// <exception cref="InvalidOperationException">The worker is running.</exception>
    public void Reset()
    {
        lock (_gate)
        {
            if (IsRunning)
            {
                throw new InvalidOperationException("The periodic worker is running; stop it before Reset.");
            }

            _callbacks.ForEach(callback => callback.ResetWatcher());
            _stop?.Dispose();
            _stop = null;
            _loop = null;
        }
    }

    /// <summary>Stops the worker.</summary>
    /// <returns>A ValueTask that completes when the worker has stopped.</returns>
    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>The watchers as a table, one row per callback.</summary>
    /// <returns>A header and one line per callback.</returns>
    public string FormatWatchers()
    {
        var table = new StringBuilder();
        table.AppendLine("callback                  spacing s    runs  successes  failures  elapsed s  waiting s  stop requested");
        foreach (var callback in Callbacks)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{callback.Name,-25} {callback.Spacing.TotalSeconds,9:0.###} {callback.Runs,7} {callback.Successes,10} {callback.Failures,9} {callback.Elapsed.TotalSeconds,10:0.###} {callback.ElapsedWaiting.TotalSeconds,10:0.###}  {(callback.StopRequested ? "yes" : "no")}"));
        }

        return table.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => FormatWatchers();

    internal void SetEnabled(PeriodicCallback callback, bool enabled)
    {
        lock (_gate)
        {
            if (enabled && !callback.Enabled && _loop is not null)
            {
                callback.NextRunAt = Now() + callback.Spacing.TotalSeconds;
            }

            callback.SetEnabledField(enabled);
        }

        Wake();
    }

    private static TaskCompletionSource NewSignal() => new(Core.Simulated.Continuations);

    private double Now() => (double)_clock.GetTimestamp() / _clock.TimestampFrequency;

    private void Wake()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            wake = _wake;
        }

        wake.TrySetResult();
    }

    private Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }
}
