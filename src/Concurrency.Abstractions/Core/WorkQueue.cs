namespace Concurrency.Core;

/// <summary>
/// The engine's FIFO of submissions waiting for a slot: each item is its own node, submitters append without a lock,
/// and takers (a slot's releaser, a shutdown) take from the head under one, which also lets an item canceled by its
/// token be unlinked from the middle, so canceled submissions never pile up behind a busy worker.
/// </summary>
/// <remarks>
/// <para>Appending is one exchange on the tail and one write of the old tail's link (Vyukov's multi-producer queue).
/// Between the two the item is not yet reachable from the head; <see cref="TryDequeue"/> then returns false, as for an
/// item counted but not yet appended, and the caller tries again.</para>
/// <para>A node whose link is set is never written by a submitter again, so it can be unlinked safely; the last node
/// stays until it is taken. Items canceled in place are counted, and once they outnumber the live ones (and there are
/// more than a few) the canceler unlinks them all, so dead entries cost amortized constant time and bounded memory.</para>
/// </remarks>
internal sealed class WorkQueue
{
    private const int CompactionFloor = 64;

    private readonly Lock _takers = new();
    private IWorkItem? _head;
    private IWorkItem? _tail;
    private int _canceledInPlace;

    /// <summary>Items in the list, canceled ones not yet unlinked included; for tests of the memory bound. O(n).</summary>
    public int Linked
    {
        get
        {
            lock (_takers)
            {
                int count = 0;
                for (var node = Volatile.Read(ref _head); node is not null; node = node.Next)
                {
                    count++;
                }

                return count;
            }
        }
    }

    /// <summary>Appends an item; lock-free, and never allocates.</summary>
    public void Enqueue(IWorkItem item)
    {
        var previous = Interlocked.Exchange(ref _tail, item);
        if (previous is null)
        {
            Volatile.Write(ref _head, item);
        }
        else
        {
            previous.Next = item;
        }
    }

    /// <summary>
    /// Takes the head item, pending or not. False when the list is empty or its next item is appended but not yet
    /// linked (a few instructions away).
    /// </summary>
    public bool TryDequeue(out IWorkItem? item)
    {
        lock (_takers)
        {
            item = Volatile.Read(ref _head);
            if (item is null)
            {
                return false;
            }

            var next = item.Next;
            if (next is null)
            {
                // The head may be the last node: detach it only if no submitter has exchanged the tail since.
                Volatile.Write(ref _head, null);
                if (Interlocked.CompareExchange(ref _tail, null, item) == item)
                {
                    return true;
                }

                // A submitter is linking after it; no other submitter can write the head meanwhile (the tail is not null).
                Volatile.Write(ref _head, item);
                item = null;
                return false;
            }

            Volatile.Write(ref _head, next);
            item.Next = null;
            return true;
        }
    }

    /// <summary>The first pending item's submission time; null when none waits.</summary>
    public long? OldestPendingSubmittedAt()
    {
        lock (_takers)
        {
            for (var node = Volatile.Read(ref _head); node is not null; node = node.Next)
            {
                if (node.IsPending)
                {
                    return node.SubmittedAt;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Counts an item its token canceled while queued; unlinks every canceled item once they outnumber
    /// <paramref name="live"/> (the queued items still pending).
    /// </summary>
    public void OnCanceledInPlace(int live)
    {
        int canceled = Interlocked.Increment(ref _canceledInPlace);
        if (canceled > CompactionFloor && canceled > live)
        {
            Compact();
        }
    }

    /// <summary>Forgets an item canceled in place that a taker took off the head (it failed to start or cancel it).</summary>
    public void OnCanceledTaken() => Interlocked.Decrement(ref _canceledInPlace);

    private void Compact()
    {
        lock (_takers)
        {
            int removed = 0;
            IWorkItem? previous = null;
            var node = Volatile.Read(ref _head);
            while (node is not null)
            {
                var next = node.Next;
                if (next is null)
                {
                    // The last node: a submitter may be linking after it.
                    break;
                }

                if (node.IsPending)
                {
                    previous = node;
                }
                else
                {
                    if (previous is null)
                    {
                        Volatile.Write(ref _head, next);
                    }
                    else
                    {
                        previous.Next = next;
                    }

                    node.Next = null;
                    removed++;
                }

                node = next;
            }

            Interlocked.Add(ref _canceledInPlace, -removed);
        }
    }
}
