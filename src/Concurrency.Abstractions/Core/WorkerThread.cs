namespace Concurrency.Core;

/// <summary>
/// A library-owned thread (a pool worker, a loop) and the state each work item must find it in: its name, normal
/// priority, background, and no Thread.Interrupt left pending. Work may change any of them; <see cref="Reset"/> puts
/// them back before the next item, so one item's changes never reach another (a foreground worker would also keep
/// the process alive).
/// </summary>
internal sealed class WorkerThread(Thread thread) : IDisposable
{
    // A wait that never blocks: it only delivers (and so clears) an interrupt left pending by the work.
    private readonly ManualResetEvent _alwaysSet = new(initialState: true);
    private readonly string? _name = thread.Name;

    /// <summary>Restores the thread after an item; called on the thread itself.</summary>
    public void Reset()
    {
        if (!ReferenceEquals(thread.Name, _name))
        {
            thread.Name = _name;
        }

        if (thread.Priority != ThreadPriority.Normal)
        {
            thread.Priority = ThreadPriority.Normal;
        }

        if (!thread.IsBackground)
        {
            thread.IsBackground = true;
        }

        try
        {
            _alwaysSet.WaitOne(0);
        }
        catch (ThreadInterruptedException)
        {
            // Meant for work that has ended: delivered here, it cannot fail the next item.
        }
    }

    public void Dispose() => _alwaysSet.Dispose();
}
