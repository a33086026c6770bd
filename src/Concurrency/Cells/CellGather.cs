using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Concurrency.Cells;

/// <summary>Submits one query per cell, waits once for all of them with one timeout, and classifies each cell.</summary>
internal static class CellGather
{
    /// <summary>Every call in the process counts here (a gatherer's own counters forward to these).</summary>
    public static readonly ScatterGatherCounters ProcessCounters = new();

    /// <summary>Did-not-respond warnings are limited per log they go to: one per cell per 10 s, like the queued-work warning.</summary>
    private static readonly ConditionalWeakTable<ILogger, WarningLimiter> s_didNotRespondWarnings = [];

    public static async Task<CellResults<T>> RunAsync<T>(
        IReadOnlyList<Cell> cells, CellQuery<T> query, Settings settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (executor, logger, timeout, time, metrics, _, offload, _, counters) = settings;
        counters.CallStarted(cells.Count);
        var tags = new TagList { { "executor.name", executor.Name } };
        metrics.Calls.Add(1, tags);

        var bulkhead = settings.Bulkhead ?? CellBulkhead.Of(executor);
        metrics.Track(executor, bulkhead);
        var results = new CellResult<T>[cells.Count];
        var runs = new CellRun<T>?[cells.Count];
        var synchronous = new SynchronousQueries();
        for (var i = 0; i < runs.Length; i++)
        {
            string? reason = null;
            var admission = bulkhead.Admit(cells[i], out reason);
            if (admission == CellAdmission.AnsweredAtOnce)
            {
                // A hung cell: answered without a call, so it takes no worker.
                counters.AnsweredAtOnce();
                results[i] = CellResult<T>.Hung(cells[i], reason!);
                continue;
            }

            var run = new CellRun<T>(cells[i], query, executor.Name, cancellationToken, logger, counters) { IsProbe = admission == CellAdmission.Probe, Synchronous = synchronous };
            long submitted = time.GetTimestamp();
            run.Task = Submit(executor, run, offload, settings.KeyByCell);

            // Observes the call's exception whenever it ends (its cell's result carries it), so none is ever unobserved.
            run.Ended = run.Task.ContinueWith(
                static (task, state) =>
                {
                    _ = task.Exception;
                    var (run, settings, submitted, tags) = ((CellRun<T>, Settings, long, TagList))state!;
                    RecordDuration(task, settings, submitted, tags);
                    run.Dispose();
                },
                (run, settings, submitted, tags),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            if (run.IsProbe)
            {
                // However the call ends (the caller may give up before it is concluded), the next probe may follow.
                _ = run.Ended.ContinueWith(_ => bulkhead.OnProbeSettled(run.Cell), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            runs[i] = run;
        }

        // Over the continuations, which never fault: a Task over the calls themselves would hold their exceptions unobserved.
        Task all = Task.WhenAll(runs.OfType<CellRun<T>>().Select(run => run.Ended));
        await Core.Deadline.WaitAsync(all, timeout, time, cancellationToken).ConfigureAwait(Core.Simulated.Captures);
        synchronous.Report(logger, counters, query.Name);
        if (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: each call is being canceled on a thread of its own (see CellRun), and queued ones never start.
            throw new OperationCanceledException("The scatter-gather call was canceled by its caller.", cancellationToken);
        }

        var gather = new GatherContext(settings, bulkhead, tags);
        List<CellRun<T>>? leftRunning = null;
        for (var i = 0; i < runs.Length; i++)
        {
            if (runs[i] is { } run)
            {
                results[i] = Conclude(run, gather, ref leftRunning);
            }
        }

        foreach (var result in results)
        {
            bulkhead.OnConcluded(result.Cell, result.Outcome, result.Reason);
        }

        if (leftRunning is null)
        {
            return new CellResults<T>(results, Task.CompletedTask);
        }

        // Canceling runs the calls' own callbacks (a driver may send a cancel request over the network): never on the caller's time.
        leftRunning.ForEach(static run => run.CancelElsewhere("it did not respond in time"));
        return new CellResults<T>(results, WhenAllEndedAsync(leftRunning.Select(run => run.LeftRunningReported!)));
    }

    // The run's own methods, so reports about the work name the cell and the query (see CellRun.Description).
    private static Task<T> Submit<T>(IExecutor executor, CellRun<T> run, bool offload, bool keyByCell)
    {
        // Keyed by cell, every call of one cell runs on the same loop of a loop group; other executors ignore the key.
        var options = new SubmitOptions(TimeSpan.Zero, run.Token) { Key = keyByCell ? run.Cell.Id : null };
        try
        {
            if (run.Query.Async is not null)
            {
                return executor.Submit(static (run, token) => run.RunAsync(token), run, options);
            }

            return offload
                ? executor.Submit(static (run, token) => run.RunOffloadedAsync(token), run, options)
                : executor.Submit(static (run, token) => run.RunBlocking(token), run, options);
        }
        catch (SubmissionRefusedException refused)
        {
            return Task.FromException<T>(refused);
        }
    }

    private static CellResult<T> Conclude<T>(CellRun<T> run, GatherContext gather, ref List<CellRun<T>>? leftRunning)
    {
        var (settings, bulkhead, tags) = gather;
        var (executor, logger, timeout, time, metrics, _, _, _, counters) = settings;
        var warnings = s_didNotRespondWarnings.GetValue(logger, static _ => new WarningLimiter(TimeSpan.FromSeconds(10)));
        var task = run.Task;
        if (task.IsCompleted && run.HasStarted && bulkhead.OnAnswered(run.Cell))
        {
            counters.Report((logger, run.Cell), static s => ScatterGatherLog.CellBack(s.logger, s.Cell.Name, s.Cell.Id, "a call answered"));
        }

        if (task.IsCompletedSuccessfully)
        {
            counters.Responded();
            metrics.Cells.Add(1, Outcome(tags, "responded"));
            return CellResult<T>.Responded(run.Cell, task.Result);
        }

        if (task.IsCompleted)
        {
            var error = task.IsCanceled ? new TaskCanceledException(task) : Unwrap(task.Exception!);
            counters.Failed();
            metrics.Cells.Add(1, Outcome(tags, "failed"));
            counters.Report((logger, error, run.Cell, executor.Name), static s => ScatterGatherLog.CellFailed(s.logger, s.error, s.Cell.Name, s.Cell.Id, s.Name));
            return CellResult<T>.Failed(run.Cell, error);
        }

        counters.DidNotRespond();
        metrics.Cells.Add(1, Outcome(tags, "did_not_respond"));
        bool warn = warnings.TryWarn(run.Cell.Id, time, out int suppressed);
        var report = (logger, run.Cell, timeout, executor.Name, suppressed, warnings.Interval.TotalSeconds);
        if (run.TryAbandonQueued())
        {
            run.Cancel();
            if (warn)
            {
                counters.Report(report, static s => ScatterGatherLog.CellQueuedAtTimeout(s.logger, s.Cell.Name, s.Cell.Id, s.timeout.TotalMilliseconds, s.Name, s.suppressed, s.TotalSeconds));
            }

            return CellResult<T>.NoResponse(run.Cell, leftRunning: false);
        }

        counters.LeftRunning();
        metrics.LeftRunning(executor.Name, +1);
        if (warn)
        {
            counters.Report(report, static s => ScatterGatherLog.CellLeftRunning(s.logger, s.Cell.Name, s.Cell.Id, s.timeout.TotalMilliseconds, s.Name, s.suppressed, s.TotalSeconds));
        }

        if (bulkhead.OnLeftRunning(run.Cell, run.IsProbe))
        {
            counters.Report((logger, run.Cell, bulkhead, executor.Name), static s => ScatterGatherLog.CellHung(s.logger, s.Cell.Name, s.Cell.Id, s.bulkhead.MaxLeftRunningPerCell, s.Name, s.bulkhead.ProbeInterval.TotalSeconds));
        }

        run.LeftRunningReported = task.ContinueWith(
            finished =>
            {
                counters.LeftRunningFinished();
                metrics.LeftRunning(executor.Name, -1);
                counters.Report((logger, run.Cell, executor.Name, finished.Status), static s => ScatterGatherLog.LeftRunningFinished(s.logger, s.Cell.Name, s.Cell.Id, s.Name, s.Status));
                if (bulkhead.OnLeftRunningEnded(run.Cell))
                {
                    counters.Report((logger, run.Cell), static s => ScatterGatherLog.CellBack(s.logger, s.Cell.Name, s.Cell.Id, "its calls left running have ended"));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        (leftRunning ??= []).Add(run);
        return CellResult<T>.NoResponse(run.Cell, leftRunning: true);
    }

    private static async Task WhenAllEndedAsync(IEnumerable<Task> tasks) =>
        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | Core.Simulated.CapturesOption);

    private static Exception Unwrap(AggregateException error) => error.InnerExceptions.Count == 1 ? error.InnerExceptions[0] : error;

    private static void RecordDuration(Task task, Settings settings, long submitted, TagList tags)
    {
        var histogram = settings.Metrics.CellDuration;
        if (histogram.Enabled)
        {
            string outcome = task.Status switch
            {
                TaskStatus.RanToCompletion => "responded",
                TaskStatus.Canceled => "canceled",
                _ => "failed",
            };
            settings.Counters.Report(
                (histogram, seconds: settings.Time.GetElapsedTime(submitted).TotalSeconds, tags: Outcome(tags, outcome)),
                static s => s.histogram.Record(s.seconds, s.tags));
        }
    }

    private static TagList Outcome(TagList tags, string outcome)
    {
        var tagged = tags;
        tagged.Add("outcome", outcome);
        return tagged;
    }

    /// <summary>One call's settings, resolved from its options and its gatherer's (see <see cref="ScatterGatherer"/>).</summary>
    internal readonly record struct Settings(
        IExecutor Executor,
        ILogger Logger,
        TimeSpan Timeout,
        TimeProvider Time,
        ScatterGatherMetrics Metrics,
        CellBulkhead? Bulkhead,
        bool OffloadBlockingQueries,
        bool KeyByCell,
        ScatterGatherCounters Counters);

    /// <summary>What every cell's conclusion of one gather needs.</summary>
    private readonly record struct GatherContext(Settings Settings, CellBulkhead Bulkhead, TagList Tags);
}
