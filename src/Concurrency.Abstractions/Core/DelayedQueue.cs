namespace Concurrency.Core;

/// <summary>
/// Submissions waiting for their delay, ordered by deadline (ties by arrival), on one timer of the executor's clock.
/// Shutdown cancels every entry, so none is ever stranded.
/// </summary>
/// <remarks>
/// <para>Any delay is accepted: the timer is armed for at most <see cref="TimerLimits.Max"/> and re-armed when it wakes
/// before the head's deadline; a deadline past the clock's range saturates and never comes due (it can still be
/// canceled, and shutdown cancels it).</para>
/// <para>A canceled entry is dropped from the heap lazily: once canceled entries outnumber live ones (and there are
/// more than a few), the heap is rebuilt from the live ones, so canceled submissions never pile up until their
/// deadlines. Canceling the entry the timer waits for works like any other: the timer then finds the next one.</para>
/// </remarks>
internal sealed class DelayedQueue : IDisposable
{
    private const int CompactionFloor = 64;

    private readonly PooledExecutor? _owner;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Entry, (long Due, long Sequence)> _heap = new();
    private readonly ITimer? _timer;
    private long _sequence;
    private long _armedFor = long.MaxValue;
    private int _canceledInHeap;
    private bool _closed;

    public DelayedQueue(PooledExecutor owner, TimeProvider time)
    {
        _owner = owner;
        _time = time;
        _timer = time.CreateTimer(static state => ((DelayedQueue)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private DelayedQueue()
    {
        _time = TimeProvider.System;
        _closed = true;
    }

    /// <summary>A queue that is already closed: what an executor installs when it shuts down before any delayed submission.</summary>
    public static DelayedQueue Closed { get; } = new();

    /// <summary>Entries in the heap, canceled ones not yet dropped included; for tests of the memory bound.</summary>
    internal int HeapCount
    {
        get
        {
            lock (_gate)
            {
                return _heap.Count;
            }
        }
    }

    /// <returns>False when the queue is closed (the executor is shutting down).</returns>
    public bool TryAdd(IWorkItem item, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (_owner is null)
        {
            // The queue installed at shutdown holds nothing.
            return false;
        }

        var entry = new Entry(_owner, this, item);

        // Registered before the entry can come due, so a cancellation never races the hand-off unseen.
        entry.Registration = cancellationToken.UnsafeRegister(static state => ((Entry)state!).Cancel(), entry);
        lock (_gate)
        {
            if (_closed)
            {
                entry.Registration.Unregister();
                return false;
            }

            long due = TimerLimits.Add(_time.GetTimestamp(), delay, _time.TimestampFrequency);
            _heap.Enqueue(entry, (due, _sequence++));
            ArmLocked();
        }

        return true;
    }

    /// <summary>Closes the queue and cancels every entry that has not come due.</summary>
    /// <remarks>
    /// The entries are counted as settling from the moment the queue closes until the last one is canceled, so a
    /// shutdown that finds the queue already closed (a concurrent one) still waits for their Tasks.
    /// </remarks>
    public void CancelAll()
    {
        List<Entry> pending;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _owner?.EnterSettling();
            pending = [.. _heap.UnorderedItems.Select(entry => entry.Element)];
            _heap.Clear();
            _canceledInHeap = 0;
        }

        try
        {
            _timer?.Dispose();
            foreach (var entry in pending)
            {
                entry.Registration.Unregister();
                entry.Cancel();
            }
        }
        finally
        {
            _owner?.ExitSettling();
        }
    }

    public void Dispose() => _timer?.Dispose();

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
                if (due.Canceled)
                {
                    _canceledInHeap--;
                    continue;
                }

                // Counted from here until the engine has it, so a shutdown that closes the queue now still waits for it.
                _owner!.EnterSettling();
            }

            try
            {
                // Dispose waits for a cancellation callback already running, so the item's state is final here.
                due.Registration.Dispose();
                if (due.Item.IsPending)
                {
                    _owner.AdmitDelayed(due.Item);
                }
            }
            finally
            {
                _owner.ExitSettling();
            }
        }
    }

    private void ArmLocked()
    {
        // A saturated deadline never comes due: no timer is needed for it.
        if (!_heap.TryPeek(out _, out var head) || head.Due >= _armedFor || head.Due == long.MaxValue)
        {
            return;
        }

        _armedFor = head.Due;
        _timer!.Change(TimerLimits.DueIn(head.Due - _time.GetTimestamp(), _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
    }

    private void OnEntryCanceled()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _canceledInHeap++;
            if (_heap.Count < CompactionFloor || _canceledInHeap * 2 <= _heap.Count)
            {
                return;
            }

            var live = _heap.UnorderedItems.Where(static pair => !pair.Element.Canceled).ToArray();
            _heap.Clear();
            _heap.EnqueueRange(live);
            _canceledInHeap = 0;
        }
    }

    private sealed class Entry(PooledExecutor owner, DelayedQueue queue, IWorkItem item)
    {
        private int _canceled;

        public IWorkItem Item { get; } = item;

        public CancellationTokenRegistration Registration { get; set; }

        public bool Canceled => Volatile.Read(ref _canceled) == 1;

        public void Cancel()
        {
            // Counted before the item is marked, so a shutdown that finds it already canceled waits for its Task.
            owner.EnterSettling();
            try
            {
                if (!Item.TryMarkCanceled())
                {
                    return;
                }

                Item.PublishCanceled();
                if (Interlocked.Exchange(ref _canceled, 1) == 0)
                {
                    queue.OnEntryCanceled();
                }
            }
            finally
            {
                owner.ExitSettling();
            }
        }
    }
}
