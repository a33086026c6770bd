using System.Collections.Concurrent;
using Concurrency.Tests.Infrastructure;
using Concurrency.Testing;

namespace Concurrency.Tests.Cooperative;

/// <summary>A group of cooperative loops: keyed work on its key's loop, in order, never migrating; unkeyed work spread.</summary>
public sealed class LoopGroupTests : IAsyncLifetime
{
    private readonly CooperativeLoopGroup _group = new(new CooperativeLoopGroupOptions { LoopCount = 3, Loop = new() { Name = "grouped" } });
    private IExecutor _executor = null!;

    public Task InitializeAsync()
    {
        _executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "group-executor", LoopGroup = _group });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _executor.ShutdownAsync().Within();
        await _group.DisposeAsync().AsTask().Within();
    }

    [Fact]
    public void LoopFor_Key_IsAStableHashNotTheProcessesStringHash()
    {
        // Golden values: FNV-1a of the key, the same in every process, run and machine.
        string[] keys = ["cell-1", "cell-2", "request-42", ""];
        keys.Select(key => CooperativeLoopGroup.IndexOf(key, 4)).Should().Equal(0, 0, 2, 2);
        _group.LoopFor("cell-1").Should().BeSameAs(_group.LoopFor("cell-1"));
        _group.Loops.Select(loop => loop.Name).Should().Equal("grouped-0", "grouped-1", "grouped-2");
    }

    [Fact]
    public async Task Submit_Keyed_EveryItemOfAKeyRunsOnItsLoopInSubmissionOrder()
    {
        var seen = new ConcurrentDictionary<string, ConcurrentQueue<(int Index, string? Thread)>>();
        var keys = Enumerable.Range(0, 64).Select(n => $"key-{n}").ToList();
        var work = new List<Task>();
        for (int index = 0; index < 20; index++)
        {
            foreach (var key in keys)
            {
                int item = index;
                work.Add(_executor.Submit(
                    static (state, _) => { state.seen.GetOrAdd(state.key, _ => new()).Enqueue((state.item, Thread.CurrentThread.Name)); return 0; },
                    (seen, key, item),
                    new SubmitOptions { Key = key }));
            }
        }

        await Task.WhenAll(work).Within();

        foreach (var key in keys)
        {
            var items = seen[key].ToList();
            items.Select(entry => entry.Index).Should().Equal(Enumerable.Range(0, 20), $"key {key}'s items run in submission order");
            items.Select(entry => entry.Thread).Should().AllBe(_group.LoopFor(key).Name);
        }
    }

    [Fact]
    public async Task Submit_KeyedIntoAFullPoolFromTwoThreads_EachKeysItemsStartInSubmissionOrder()
    {
        // 4 slots for 3,200 items: nearly every item is queued and handed a slot by whichever loop finishes first,
        // while two threads keep submitting; each thread's keys must still start in the order that thread gave them.
        await using var narrow = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "narrow", LoopGroup = _group, MaxWorkers = 4 });
        var started = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var go = new Barrier(2);
        Task SubmitAll(int thread) => Task.Run(async () =>
        {
            var work = new List<Task>();
            go.SignalAndWait();
            for (int index = 0; index < 50; index++)
            {
                for (int key = 0; key < 32; key++)
                {
                    work.Add(narrow.Submit(
                        static async (state, _) =>
                        {
                            state.started.GetOrAdd(state.key, _ => new()).Enqueue(state.index);
                            await Task.Yield();
                            return state.index;
                        },
                        (started, key: $"thread-{thread}-key-{key}", index),
                        new SubmitOptions { Key = $"thread-{thread}-key-{key}" }));
                }
            }

            await Task.WhenAll(work);
        });

        await Task.WhenAll(SubmitAll(0), SubmitAll(1)).Within();

        started.Should().HaveCount(64);
        foreach (var (key, order) in started)
        {
            order.Should().Equal(Enumerable.Range(0, 50), $"key {key}'s items start in the order its thread submitted them");
        }
    }

    [Fact]
    public async Task Submit_KeyedAsyncWork_ItsContinuationsNeverLeaveTheKeysLoop()
    {
        var threads = await _executor.Submit(
            static async (_, _) =>
            {
                var names = new List<string?> { Thread.CurrentThread.Name };
                for (int i = 0; i < 5; i++)
                {
                    await Task.Yield();
                    names.Add(Thread.CurrentThread.Name);
                }

                return names;
            },
            0,
            new SubmitOptions { Key = "sticky" }).Within();

        threads.Should().AllBe(_group.LoopFor("sticky").Name);
    }

    [Fact]
    public async Task Submit_FromOneLoopToAnother_TheCallerResumesOnItsOwnLoop()
    {
        var (caller, callee, resumed) = await _executor.Submit(
            static async (executor, _) =>
            {
                string? caller = Thread.CurrentThread.Name;
                string? callee = await executor.Submit(static (_, _) => Thread.CurrentThread.Name, 0, new SubmitOptions { Key = "request-42" });
                return (caller, callee, Thread.CurrentThread.Name);
            },
            _executor,
            new SubmitOptions { Key = "cell-1" }).Within();

        caller.Should().Be(_group.LoopFor("cell-1").Name);
        callee.Should().Be(_group.LoopFor("request-42").Name).And.NotBe(caller, "the two keys live on different loops");
        resumed.Should().Be(caller);
    }

    [Fact]
    public async Task Submit_WithoutKey_WorkSpreadsOverTheLoops()
    {
        var threads = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => _executor.Submit(() => Thread.CurrentThread.Name))).Within();

        threads.Distinct().Should().HaveCountGreaterThan(1, "the less loaded of two random loops takes each item");
        threads.Should().OnlyContain(name => _group.Loops.Any(loop => loop.Name == name));
    }

    [Fact]
    public async Task Group_ShuffleSeed_EachLoopGetsItsOwnSeedFromTheOne()
    {
        await using var shuffled = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { LoopCount = 2, Loop = new() { Name = "shuffled", ShuffleSeed = 7 } });

        shuffled.Loops.Select(loop => loop.ShuffleSeed).Should().Equal(7, 8);
    }

    [Fact]
    public async Task Submit_KeyedInShuffleMode_EachKeysItemsKeepTheirOrderWhileKeysInterleave()
    {
        await using var shuffled = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { LoopCount = 2, Loop = new() { Name = "shuffled-keys", ShuffleSeed = 11 } });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "shuffled-keyed", LoopGroup = shuffled });
        var order = new ConcurrentQueue<(string Key, int Index)>();
        var keys = Enumerable.Range(0, 64).Select(n => $"k{n}").ToList();

        // 10,000 keyed items over 64 keys, as the figure.
        var work = Enumerable.Range(0, 10_000).Select(n => executor.Submit(
            static (state, _) => { state.order.Enqueue((state.key, state.n)); return 0; },
            (order, key: keys[n % keys.Count], n),
            new SubmitOptions { Key = keys[n % keys.Count] })).ToList();
        await Task.WhenAll(work).Within();

        var ran = order.ToList();
        foreach (var key in keys)
        {
            var indexes = ran.Where(entry => entry.Key == key).Select(entry => entry.Index).ToList();
            indexes.Should().BeInAscendingOrder($"key {key}'s items keep their order under shuffle");
        }

        var firstLoop = shuffled.Loops[0];
        ran.Where(entry => shuffled.LoopFor(entry.Key) == firstLoop).Select(entry => entry.Index)
            .Should().NotBeInAscendingOrder("on one loop, different keys are shuffled against each other");
    }

    [Fact]
    public async Task GetLoopStates_HotKey_ItsLoopIsTheBusyOne()
    {
        var clock = new ManualTimeProvider();
        await using var group = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { LoopCount = 2, Loop = new() { Name = "hot", TimeProvider = clock } });
        await using var executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "hot-key", LoopGroup = group, TimeProvider = clock });
        var hot = new SubmitOptions { Key = "hot-tenant" };

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => executor.Submit(static (clock, _) => { clock.Advance(TimeSpan.FromMilliseconds(10)); return 0; }, clock, hot))).Within();

        var states = group.GetLoopStates();
        var hotLoop = group.LoopFor("hot-tenant");
        states.Single(state => state.Name == hotLoop.Name).BusySeconds.Should().BeApproximately(0.2, 0.001);
        states.Single(state => state.Name != hotLoop.Name).BusySeconds.Should().Be(0, "no other key ran");
        states.Should().OnlyContain(state => state.Offload.MaxWorkers == CooperativeLoopOptions.DefaultOffloadWorkers);
    }

    [Fact]
    public async Task GetLoopStates_HeldKeyedWork_EachLoopCountsTheExecutorsWorkPlacedOnIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] keys = [.. Enumerable.Range(0, 12).Select(i => $"tenant-{i}")];
        var held = keys.Select(key => _executor.Submit(static async (gate, _) => { await gate.Task; return 0; }, release, new SubmitOptions { Key = key })).ToArray();

        var states = _group.GetLoopStates();
        for (int index = 0; index < _group.Loops.Count; index++)
        {
            int expected = keys.Count(key => _group.LoopFor(key) == _group.Loops[index]);
            states[index].Executors.Should().ContainSingle(share => share.Executor == "group-executor").Which.InFlight.Should().Be(expected);
            states[index].InFlight.Should().Be(expected);
            states[index].ToString().Should().Contain($"in flight: {expected} (group-executor: {expected})");
        }

        _executor.GetPoolState().BusyWorkers.Should().Be(keys.Length, "the group's figure is the sum of its loops'");
        release.SetResult();
        await Task.WhenAll(held).Within();
        _group.GetLoopStates().Should().OnlyContain(state => state.InFlight == 0, "every slot was given back on the loop it was taken on");
    }

    [Fact]
    public async Task Group_OnePerCore_HasAsManyLoopsAsProcessors()
    {
        await using var perCore = new CooperativeLoopGroup(new CooperativeLoopGroupOptions { Loop = new() { Name = "per-core" } });

        perCore.Loops.Should().HaveCount(Environment.ProcessorCount);
    }

    [Fact]
    public void Options_BadLoopCountOrLoopAndGroup_ThrowNamingTheValue()
    {
        FluentActions.Invoking(() => new CooperativeLoopGroupOptions { LoopCount = -1 })
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("LoopCount -1 is not accepted: use 1 to 1024, or CooperativeLoopGroupOptions.OnePerCore (0)*");
        FluentActions.Invoking(() => CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "both", Loop = _group.Loops[0], LoopGroup = _group }))
            .Should().Throw<ArgumentException>().WithMessage("Executor 'both' was given both a loop ('grouped-0') and a loop group ('grouped'): set Loop or LoopGroup, not both.*");
    }
}
