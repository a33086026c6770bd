namespace Concurrency;

/// <summary>
/// Several cooperative loops, one thread each, so a cooperative service uses every core (Netty's event loop group,
/// Seastar's shard per core). Work with a key always runs on the loop the key chooses, so code keeps the
/// single-thread guarantee per key; work without a key goes to the less loaded of two loops picked at random.
/// Create executors on it with <see cref="CooperativeExecutorOptions.LoopGroup"/>.
/// </summary>
/// <remarks>
/// The key's loop comes from a stable hash (FNV-1a over the key's UTF-16 code units), the same in every process and
/// on every machine, never <see cref="string.GetHashCode()"/>. Keyed work never migrates: its continuations resume on
/// its loop. A hot key saturates its loop while others idle; <see cref="CooperativeLoop.BusyTime"/> per loop and the
/// <c>concurrency.loop.*</c> metrics show it.
/// </remarks>
public sealed class CooperativeLoopGroup : IAsyncDisposable
{
    private readonly CooperativeLoop[] _loops;

    /// <summary>Creates the loops and starts their threads.</summary>
    /// <param name="options">Settings; null takes one loop per processor with the default loop settings.</param>
    public CooperativeLoopGroup(CooperativeLoopGroupOptions? options = null)
    {
        options ??= new CooperativeLoopGroupOptions();
        var template = options.Loop;
        Name = template.Name;
        _loops = new CooperativeLoop[options.ResolvedLoopCount];
        for (int i = 0; i < _loops.Length; i++)
        {
            _loops[i] = new CooperativeLoop(template.ForGroupMember(i));
        }
    }

    /// <summary>The group's name; loop <c>i</c> is <c>{Name}-{i}</c>.</summary>
    public string Name { get; }

    /// <summary>The loops, by index.</summary>
    public IReadOnlyList<CooperativeLoop> Loops => _loops;

    /// <summary>The loop every submission with <paramref name="key"/> runs on, in this process and in every other.</summary>
    /// <param name="key">An affinity key.</param>
    /// <returns>The key's loop.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public CooperativeLoop LoopFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _loops[IndexOf(key, _loops.Length)];
    }

    /// <summary>Every loop's state, by index: per-loop busy time and queue show how evenly keys spread.</summary>
    /// <returns>One snapshot per loop.</returns>
    public IReadOnlyList<LoopState> GetLoopStates() => [.. _loops.Select(loop => loop.GetState())];

    /// <summary>Every loop's offload pool as a pool report shows it: <c>offload-0</c>, <c>offload-1</c>, ...</summary>
    /// <returns>One entry per loop.</returns>
    public IReadOnlyList<BackendPool> GetOwnPools() =>
        [.. _loops.Select((loop, index) => new BackendPool($"{PoolNames.Offload}-{index}", OffloadThreadPool.TypeName, loop.OffloadExecutor))];

    /// <summary>Stops every loop, as <see cref="CooperativeLoop.DisposeAsync"/> does, and waits for all of them.</summary>
    /// <returns>A ValueTask that completes when every loop has stopped.</returns>
    public async ValueTask DisposeAsync() => await Task.WhenAll(_loops.Select(loop => loop.DisposeAsync().AsTask())).ConfigureAwait(false);

    /// <summary>The loop's index for a key: FNV-1a, reduced to the group's size without a division's bias.</summary>
    internal static int IndexOf(string key, int loops)
    {
        uint hash = 2166136261;
        foreach (char c in key)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(((ulong)hash * (uint)loops) >> 32);
    }

    internal bool Contains(CooperativeLoop loop) => Array.IndexOf(_loops, loop) >= 0;

    /// <summary>The index of the key's loop, or for work without a key of the less loaded of two loops picked at random.</summary>
    internal int Choose(string? key)
    {
        if (key is not null)
        {
            return IndexOf(key, _loops.Length);
        }

        if (_loops.Length == 1)
        {
            return 0;
        }

        int first = Random.Shared.Next(_loops.Length);
        int second = Random.Shared.Next(_loops.Length - 1);
        if (second >= first)
        {
            second++;
        }

        return _loops[second].ApproximateLoad < _loops[first].ApproximateLoad ? second : first;
    }
}
