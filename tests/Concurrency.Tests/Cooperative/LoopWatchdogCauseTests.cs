using System.Globalization;
using System.Runtime.InteropServices;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Concurrency.Tests.Cooperative;

/// <summary>
/// The loop watchdog tells a slice that held the loop from a loop thread that was waiting for a CPU, from the thread's
/// own scheduler accounting: the first is blocked in its work, the second is made to share one core with busy threads.
/// </summary>
[Collection(WatchdogTimerAlone.Name)]
public sealed partial class LoopWatchdogCauseTests : IAsyncLifetime
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly RecordingLoggerProvider _logs;
    private readonly CooperativeLoop _loop;
    private readonly IExecutor _executor;

    public LoopWatchdogCauseTests()
    {
        _loggerFactory = RecordingLoggerProvider.CreateFactory(out _logs);
        _loop = new CooperativeLoop(new CooperativeLoopOptions
        {
            Name = "cause-loop",
            LoggerFactory = _loggerFactory,
            SlowSliceThreshold = TimeSpan.FromMilliseconds(200),
        });
        _executor = CooperativeExecutor.Create(new CooperativeExecutorOptions { Name = "cause", Loop = _loop });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _executor.ShutdownAsync(ShutdownMode.CancelQueued).Within();
        await _loop.DisposeAsync().AsTask().Within();
        _loggerFactory.Dispose();
    }

    [Fact]
    public async Task Watchdog_SliceBlockedInItsWork_SaysTheWorkHeldTheLoopWithTheThreadsFigures()
    {
        // The workload is a slice blocked in a call (as a synchronous driver blocks), long enough for the watchdog's
        // timer to read the loop thread's accounting during it; nothing waits on the sleep.
        await _executor.Submit(_ => Thread.Sleep(TimeSpan.FromMilliseconds(400))).Within();

        var ended = _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 4 || entry.EventId.Id == 7).Which.Message;
        ended.Should().Contain("that work held the loop: over the last").And.Contain("Offload.RunAsync");
        Figure(ended, "ran").Should().BeLessThan(50, "a blocked thread runs next to nothing");
    }

    [Fact]
    public async Task Watchdog_LoopThreadSharingOneCoreWithBusyThreads_SaysTheLoopWaitedForACoreNotTheWork()
    {
        using var stop = new CancellationTokenSource();
        var pinned = new CountdownEvent(3);
        var hogs = Enumerable.Range(0, 3).Select(i => new Thread(() =>
        {
            PinToFirstCpu();
            pinned.Signal();
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1_000);
            }
        }) { IsBackground = true, Name = $"hog-{i}" }).ToList();
        hogs.ForEach(hog => hog.Start());
        pinned.Wait(TestTimeouts.Ceiling).Should().BeTrue();

        try
        {
            // 150 ms of the loop thread's own CPU time, while it shares its core with three spinning threads.
            await _executor.Submit(_ =>
            {
                PinToFirstCpu();
                var start = ThreadCpu();
                while (ThreadCpu() - start < TimeSpan.FromMilliseconds(150))
                {
                    Thread.SpinWait(1_000);
                }
            }).Within();
        }
        finally
        {
            await stop.CancelAsync();
            hogs.ForEach(hog => hog.Join());
        }

        var report = _logs.Entries.Should().ContainSingle(entry => entry.EventId.Id == 4 || entry.EventId.Id == 7).Which.Message;
        report.Should().Contain("the loop was waiting for a core, not held by that work").And.Contain("offloading would not help");
        Figure(report, "waited").Should().BeGreaterThan(Figure(report, "ran"));
    }

    private static double Figure(string message, string word)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, $@"{word} (\d+\.\d) ms");
        match.Success.Should().BeTrue($"the message gives how long the thread {word}: {message}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static TimeSpan ThreadCpu()
    {
        var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
        return TimeSpan.FromTicks(long.Parse(fields[0], CultureInfo.InvariantCulture) / 100);
    }

    private static void PinToFirstCpu()
    {
        ulong mask = 1;
        SchedSetAffinity(0, sizeof(ulong), ref mask).Should().Be(0, "the thread can be pinned to CPU 0");
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint size, ref ulong mask);
}

/// <summary>
/// The watchdog reads the loop thread's accounting on a .NET pool timer; tests that block .NET pool threads (the
/// shutdown stress, say) would delay it past the slice, so these run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WatchdogTimerAlone
{
    public const string Name = "The loop watchdog's timer, alone";
}
