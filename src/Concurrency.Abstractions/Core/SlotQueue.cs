namespace Concurrency.Core;

/// <summary>
/// The bookkeeping every queueing backend shares: slots that bound in-flight submissions, the FIFO of waiting ones,
/// and the backlog limit. Not thread-safe: the owning executor calls it under its own lock.
/// </summary>
/// <remarks>
/// Invariant: work waits only while every slot is held, because a released slot takes the next waiting item at once.
/// Canceled items leave the queue lazily; <see cref="Queued"/> counts live ones only. Items canceled by a shutdown
/// are counted in <see cref="Unpublished"/> until their Tasks are completed, so the executor is not empty (and a
/// waiting shutdown does not return) before every canceled Task is completed and counted.
/// </remarks>
internal sealed class SlotQueue(int maxWorkers, int? maxBacklog, StatisticsCounters counters)
{
    private readonly Queue<IWorkItem> _queue = new();

    public int Queued { get; private set; }

    public int InFlight { get; private set; }

    /// <summary>Items canceled by <see cref="CancelAll"/> whose Tasks the caller has not yet completed.</summary>
    public int Unpublished { get; private set; }

    public bool IsEmpty => Queued == 0 && InFlight == 0 && Unpublished == 0;

    /// <summary>
    /// Starts the item in a free slot (<see cref="ScheduleOutcome.Dispatched"/>), queues it, or refuses it. A refused
    /// item is marked and counted here, under the owner's lock, before any shutdown can complete.
    /// </summary>
    public ScheduleOutcome Admit(IWorkItem item, out int backlog)
    {
        backlog = Queued;
        if (InFlight < maxWorkers)
        {
            item.TryStart(item.SubmittedAt);
            InFlight++;
            return ScheduleOutcome.Dispatched;
        }

        if (Queued >= maxBacklog)
        {
            // A delayed item's own token may have canceled it first; it is then counted as canceled, not rejected.
            if (item.TryMarkCanceled())
            {
                counters.RecordRejected();
            }

            return ScheduleOutcome.Rejected;
        }

        _queue.Enqueue(item);
        Queued++;
        return ScheduleOutcome.Queued;
    }

    public void Release() => InFlight--;

    /// <summary>When the longest-waiting pending item was submitted; null when nothing waits.</summary>
    public long? OldestSubmittedAt()
    {
        foreach (var item in _queue)
        {
            if (item.IsPending)
            {
                return item.SubmittedAt;
            }
        }

        return null;
    }

    /// <summary>Starts the next waiting item that was not canceled, if a slot is free, and holds its slot.</summary>
    public IWorkItem? TakeNext(long now)
    {
        if (InFlight >= maxWorkers)
        {
            return null;
        }

        while (_queue.TryDequeue(out var next))
        {
            if (next.TryStart(now))
            {
                Queued--;
                InFlight++;
                return next;
            }
        }

        return null;
    }

    /// <summary>Accounts for a waiting item canceled by its token; drops dead items once they outnumber live ones.</summary>
    public void OnCanceled()
    {
        Queued--;
        if (_queue.Count < 64 || _queue.Count <= 2 * Queued)
        {
            return;
        }

        var live = _queue.Where(static item => item.IsPending).ToArray();
        _queue.Clear();
        foreach (var item in live)
        {
            _queue.Enqueue(item);
        }
    }

    /// <summary>
    /// Marks every waiting item canceled; the caller publishes them outside its lock, then calls
    /// <see cref="OnPublished"/> under it.
    /// </summary>
    public List<IWorkItem>? CancelAll()
    {
        List<IWorkItem>? canceled = null;
        while (_queue.TryDequeue(out var queued))
        {
            if (queued.TryMarkCanceled())
            {
                (canceled ??= []).Add(queued);
                Queued--;
            }
        }

        Unpublished += canceled?.Count ?? 0;
        return canceled;
    }

    /// <summary>Accounts for items from <see cref="CancelAll"/> whose Tasks are now completed and counted.</summary>
    public void OnPublished(int count) => Unpublished -= count;
}
