namespace Concurrency.Core;

/// <summary>
/// Submissions waiting for their delay, ordered by deadline (ties by arrival), on one timer of the executor's clock.
/// A canceled entry stays in the heap and is skipped when it comes up, so canceling the entry the timer is waiting
/// for works like any other. Shutdown cancels every entry, so none is ever stranded.
/// </summary>
internal sealed class DelayedQueue : IDisposable
{
    private readonly ExecutorCore _owner;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Entry, (long Due, long Sequence)> _heap = new();
    private readonly ITimer _timer;
    private long _sequence;
    private long _armedFor = long.MaxValue;
    private bool _closed;

    public DelayedQueue(ExecutorCore owner, TimeProvider time)
    {
        _owner = owner;
        _time = time;
        _timer = time.CreateTimer(static state => ((DelayedQueue)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <returns>False when the queue is closed (the executor is shutting down).</returns>
    public bool TryAdd(IWorkItem item, TimeSpan delay, CancellationToken cancellationToken)
    {
        var entry = new Entry(item);

        // Registered before the entry can come due, so a cancellation never races the hand-off unseen.
        entry.Registration = cancellationToken.UnsafeRegister(static state => ((Entry)state!).Cancel(), entry);
        lock (_gate)
        {
            if (_closed)
            {
                entry.Registration.Unregister();
                return false;
            }

            long due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
            _heap.Enqueue(entry, (due, _sequence++));
            ArmLocked();
        }

        return true;
    }

    /// <summary>Closes the queue and cancels every entry that has not come due.</summary>
    public void CancelAll()
    {
        List<Entry> pending;
        lock (_gate)
        {
            _closed = true;
            pending = [.. _heap.UnorderedItems.Select(entry => entry.Element)];
            _heap.Clear();
        }

        _timer.Dispose();
        foreach (var entry in pending)
        {
            entry.Registration.Unregister();
            entry.Cancel();
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTimer()
    {
        while (true)
        {
            Entry due;
            lock (_gate)
            {
                _armedFor = long.MaxValue;
                if (_closed || !_heap.TryPeek(out due!, out var deadline))
                {
                    return;
                }

                if (deadline.Due > _time.GetTimestamp())
                {
                    ArmLocked();
                    return;
                }

                _heap.Dequeue();
            }

            // Dispose waits for a cancellation callback already running, so the item's state is final here.
            due.Registration.Dispose();
            if (due.Item.IsPending)
            {
                _owner.AdmitDelayed(due.Item);
            }
        }
    }

    private void ArmLocked()
    {
        if (!_heap.TryPeek(out _, out var head) || head.Due >= _armedFor)
        {
            return;
        }

        _armedFor = head.Due;
        long wait = Math.Max(0, head.Due - _time.GetTimestamp());
        _timer.Change(TimeSpan.FromSeconds((double)wait / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
    }

    private sealed class Entry(IWorkItem item)
    {
        public IWorkItem Item { get; } = item;

        public CancellationTokenRegistration Registration { get; set; }

        public void Cancel()
        {
            if (Item.TryMarkCanceled())
            {
                Item.PublishCanceled();
            }
        }
    }
}
