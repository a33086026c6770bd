namespace Concurrency;

/// <summary>The loop's ready work: FIFO, or a seeded random choice among ready entries in shuffle mode.</summary>
internal sealed class ReadyQueue(int? shuffleSeed)
{
    private readonly Queue<LoopEntry> _fifo = new();
    private readonly List<LoopEntry> _shuffled = [];
    private readonly Random? _random = shuffleSeed is { } seed ? new Random(seed) : null;

    public int Count => _random is null ? _fifo.Count : _shuffled.Count;

    public void Add(LoopEntry entry)
    {
        if (_random is null)
        {
            _fifo.Enqueue(entry);
        }
        else
        {
            _shuffled.Add(entry);
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

        int index = _random.Next(_shuffled.Count);
        batch[0] = _shuffled[index];
        _shuffled[index] = _shuffled[^1];
        _shuffled.RemoveAt(_shuffled.Count - 1);
        return 1;
    }
}
