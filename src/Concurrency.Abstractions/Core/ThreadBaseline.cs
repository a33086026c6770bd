namespace Concurrency.Core;

/// <summary>
/// The state a worker thread must be in when an item starts: the name, priority and background flag it had when it
/// first ran the engine's work. Work may change any of them; <see cref="Restore"/> puts back what changed, so one item's
/// changes never reach the next (a foreground worker would also keep the process alive). The ExecutionContext each
/// item runs in restores its culture, AsyncLocals and SynchronizationContext.
/// </summary>
/// <remarks>
/// <para>Restoring costs three reads when nothing changed (about 10 ns, `hygiene.per_task` in the quick mode), so the
/// engine does it after every item on every backend, one written elsewhere included.</para>
/// <para>A Thread.Interrupt that work leaves pending is not cleared per item: .NET clears one only by delivering it in a
/// blocking wait, a call that costs 250-400 ns. It is consumed where a worker waits for work (the library's workers
/// wait interrupt-safely), which is also where the .NET thread pool leaves it: there it stays pending until some later
/// work item on that thread blocks. The remaining window: an item that starts on the same thread without the worker
/// waiting in between (the next queued item, taken at once) gets the interrupt at its first blocking call.</para>
/// </remarks>
internal sealed class ThreadBaseline
{
    [ThreadStatic]
    private static ThreadBaseline? t_current;

    private readonly Thread _thread;
    private readonly string? _name;
    private readonly ThreadPriority _priority;
    private readonly bool _background;

    /// <summary>Captures <paramref name="thread"/>'s state as the one to restore.</summary>
    /// <param name="thread">The worker thread.</param>
    public ThreadBaseline(Thread thread)
    {
        _thread = thread;
        _name = thread.Name;
        _priority = thread.Priority;
        _background = thread.IsBackground;
    }

    /// <summary>The calling thread's baseline, captured the first time it asks.</summary>
    public static ThreadBaseline Current => t_current ??= new ThreadBaseline(Thread.CurrentThread);

    /// <summary>Puts back whatever work changed; called on the thread itself.</summary>
    public void Restore()
    {
        if (!ReferenceEquals(_thread.Name, _name))
        {
            _thread.Name = _name;
        }

        if (_thread.Priority != _priority)
        {
            _thread.Priority = _priority;
        }

        if (_thread.IsBackground != _background)
        {
            _thread.IsBackground = _background;
        }
    }
}
