namespace Concurrency;

/// <summary>Settings for <see cref="ThreadPoolExecutor"/>. Each setter validates its value.</summary>
public sealed class ThreadPoolExecutorOptions : ExecutorOptions
{
    private int _minWorkers;
    private TimeSpan _idleTimeout = TimeSpan.FromSeconds(60);
    private ExecutorThreads _threads = ExecutorThreads.DotNetPool;
    private bool _raiseDotNetPoolMinimum = true;

    /// <summary>Creates settings with every default.</summary>
    public ThreadPoolExecutorOptions()
    {
    }

    /// <summary>Creates settings that copy every value of <paramref name="settings"/>, this type's own too when it is one.</summary>
    /// <param name="settings">The settings to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public ThreadPoolExecutorOptions(ExecutorOptions settings)
        : base(settings)
    {
        if (settings is ThreadPoolExecutorOptions threaded)
        {
            _minWorkers = threaded._minWorkers;
            _idleTimeout = threaded._idleTimeout;
            _threads = threaded._threads;
            _raiseDotNetPoolMinimum = threaded._raiseDotNetPoolMinimum;
        }
    }

    /// <summary>
    /// The threads the work runs on: <see cref="ExecutorThreads.DotNetPool"/> (the default: the fastest, see the
    /// benchmarks) or <see cref="ExecutorThreads.Dedicated"/> (threads of the executor's own, named after it, for work
    /// that blocks and must not share threads with the rest of the process). <see cref="MinWorkers"/> and
    /// <see cref="IdleTimeout"/> apply to dedicated threads only; the .NET pool keeps and retires its own.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of <see cref="ExecutorThreads"/>.</exception>
    public ExecutorThreads Threads
    {
        get => _threads;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Threads {value} is not accepted: use {nameof(ExecutorThreads.Dedicated)} or {nameof(ExecutorThreads.DotNetPool)}.");
            }

            _threads = value;
        }
    }

    /// <summary>
    /// For <see cref="ExecutorThreads.DotNetPool"/>: whether the executor raises the .NET thread pool's minimum worker
    /// threads by its worker limit (true, the default), from the first time it has more items in flight than there are
    /// processors until it ends, so every admitted item finds a thread at once even when items block. A host that sets the minimum once for all its pools (Concurrency.Hosting does, and logs
    /// it) turns this off.
    /// </summary>
    public bool RaiseDotNetPoolMinimum
    {
        get => _raiseDotNetPoolMinimum;
        set => _raiseDotNetPoolMinimum = value;
    }

    /// <summary>
    /// Idle threads never retire below this count. Threads still start lazily, on demand. Default 0; must not
    /// exceed the executor's worker limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="ExecutorOptions.MaxWorkersLimit"/>.</exception>
    public int MinWorkers
    {
        get => _minWorkers;
        set
        {
            if (value is < 0 or > MaxWorkersLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"MinWorkers {value} is not accepted: use 0 to {MaxWorkersLimit}, and no more than MaxWorkers.");
            }

            _minWorkers = value;
        }
    }

    /// <summary>
    /// How long a thread may stay idle before it retires (while more than <see cref="MinWorkers"/> exist).
    /// Default 60 seconds; <see cref="Timeout.InfiniteTimeSpan"/> keeps threads forever.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite, or longer than a timer holds (about 49.7 days).</exception>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        set
        {
            if ((value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan) || value > Core.TimerLimits.Max)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, Core.TimerLimits.TooLong("IdleTimeout", value, "use a positive duration, or Timeout.InfiniteTimeSpan to never retire idle threads"));
            }

            _idleTimeout = value;
        }
    }
}
