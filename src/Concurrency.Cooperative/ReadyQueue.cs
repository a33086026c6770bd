namespace Concurrency;

/// <summary>
/// The loop's ready work: FIFO, or a seeded random choice among ready entries in shuffle mode. Shuffling never
/// reorders the items of one key (<see cref="IStartedWork.Key"/>): when the choice falls on a keyed item, the key's
/// oldest ready item runs, so a loop group keeps each key's submission order in shuffle mode too.
/// </summary>
internal sealed class ReadyQueue(int? shuffleSeed)
{
    private readonly Queue<LoopEntry> _fifo = new();
    private readonly List<(LoopEntry Entry, long Sequence)> _shuffled = [];
    private readonly Random? _random = shuffleSeed is { } seed ? new Random(seed) : null;
    private long _sequence;

    public int Count => _random is null ? _fifo.Count : _shuffled.Count;

    public void Add(LoopEntry entry)
    {
        if (_random is null)
        {
            _fifo.Enqueue(entry);
        }
        else
        {
            _shuffled.Add((entry, _sequence++));
        }
    }

    /// <summary>Moves ready entries into <paramref name="batch"/>: many in FIFO order, one at a time when shuffling.</summary>
    public int TakeBatch(LoopEntry[] batch)
    {
        if (_random is null)
        {
            int count = 0;
            while (count < batch.Length && _fifo.TryDequeue(out var entry))
            {
                batch[count++] = entry;
            }

            return count;
        }

        if (_shuffled.Count == 0)
        {
            return 0;
        }

        int index = OldestOfSameKey(_random.Next(_shuffled.Count));
        batch[0] = _shuffled[index].Entry;
        _shuffled[index] = _shuffled[^1];
        _shuffled.RemoveAt(_shuffled.Count - 1);
        return 1;
    }

    private int OldestOfSameKey(int chosen)
    {
        if (KeyOf(_shuffled[chosen].Entry) is not { } key)
        {
            return chosen;
        }

        int oldest = chosen;
        for (int i = 0; i < _shuffled.Count; i++)
        {
            if (_shuffled[i].Sequence < _shuffled[oldest].Sequence && string.Equals(KeyOf(_shuffled[i].Entry), key, StringComparison.Ordinal))
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private static string? KeyOf(LoopEntry entry) => (entry.State as IStartedWork)?.Key;
}
