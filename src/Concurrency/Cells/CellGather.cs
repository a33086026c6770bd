using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Concurrency.Cells;

/// <summary>Submits one query per cell, waits once for all of them with one timeout, and classifies each cell.</summary>
internal static class CellGather
{
    public static readonly ScatterGatherCounters Counters = new();

    public static async Task<CellResults<T>> RunAsync<T>(
        IReadOnlyList<Cell> cells, CellQuery<T> query, ScatterGatherOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var executor = options.Executor ?? ExecutorPools.Shared.ScatterGather;
        var logger = options.Logger ?? NullLogger.Instance;
        var timeout = options.Timeout;
        Counters.CallStarted(cells.Count);

        var bulkhead = options.Bulkhead ?? CellBulkhead.Of(executor);
        var results = new CellResult<T>[cells.Count];
        var runs = new CellRun<T>?[cells.Count];
        for (var i = 0; i < runs.Length; i++)
        {
            string? reason = null;
            var admission = bulkhead.Admit(cells[i], out reason);
            if (admission == CellAdmission.AnsweredAtOnce)
            {
                // A hung cell: answered without a call, so it takes no worker.
                Counters.AnsweredAtOnce();
                results[i] = CellResult<T>.AnsweredAtOnce(cells[i], reason!);
                continue;
            }

            var run = new CellRun<T>(cells[i], query, cancellationToken, logger) { IsProbe = admission == CellAdmission.Probe };
            run.Task = Submit(executor, run, options.OffloadBlockingQueries);

            // Observes the call's exception whenever it ends (its cell's result carries it), so none is ever unobserved.
            run.Ended = run.Task.ContinueWith(
                static (task, state) =>
                {
                    _ = task.Exception;
                    ((CellRun<T>)state!).Dispose();
                },
                run,
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
        await Core.Deadline.WaitAsync(all, timeout, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: every cell's token is linked to theirs, so queued calls are already canceled.
            throw new OperationCanceledException("The scatter-gather call was canceled by its caller.", cancellationToken);
        }

        var gather = new GatherContext(executor, logger, timeout, bulkhead);
        List<CellRun<T>>? leftRunning = null;
        for (var i = 0; i < runs.Length; i++)
        {
            if (runs[i] is { } run)
            {
                results[i] = Conclude(run, gather, ref leftRunning);
            }
        }

        if (leftRunning is null)
        {
            return new CellResults<T>(results, Task.CompletedTask);
        }

        // Canceling runs the calls' own callbacks (a driver may send a cancel request over the network): never on the caller's time.
        _ = Task.Run(() => leftRunning.ForEach(run => CancelLeftRunning(run, executor, logger)), CancellationToken.None);
        return new CellResults<T>(results, WhenAllEndedAsync(leftRunning.Select(run => run.LeftRunningReported!)));
    }

    // The run's own methods, so reports about the work name the cell and the query (see CellRun.Description).
    private static Task<T> Submit<T>(IExecutor executor, CellRun<T> run, bool offload)
    {
        try
        {
            if (run.Query.Async is not null)
            {
                return executor.Submit(run.RunAsync, run.Token);
            }

            return offload
                ? executor.Submit(run.RunOffloadedAsync, run.Token)
                : executor.Submit(run.RunBlocking, run.Token);
        }
        catch (Exception refused) when (refused is RejectedExecutionException or ExecutorShutdownException)
        {
            return Task.FromException<T>(refused);
        }
    }

    private static CellResult<T> Conclude<T>(CellRun<T> run, GatherContext gather, ref List<CellRun<T>>? leftRunning)
    {
        var (executor, logger, timeout, bulkhead) = gather;
        var task = run.Task;
        if (task.IsCompleted && run.HasStarted && bulkhead.OnAnswered(run.Cell))
        {
            Counters.Report((logger, run.Cell), static s => ScatterGatherLog.CellBack(s.logger, s.Cell.Name, s.Cell.Id, "a call answered"));
        }

        if (task.IsCompletedSuccessfully)
        {
            Counters.Responded();
            return CellResult<T>.Responded(run.Cell, task.Result);
        }

        if (task.IsCompleted)
        {
            var error = task.IsCanceled ? new TaskCanceledException(task) : Unwrap(task.Exception!);
            Counters.Failed();
            Counters.Report((logger, error, run.Cell, executor.Name), static s => ScatterGatherLog.CellFailed(s.logger, s.error, s.Cell.Name, s.Cell.Id, s.Name));
            return CellResult<T>.Failed(run.Cell, error);
        }

        Counters.DidNotRespond();
        if (run.TryAbandonQueued())
        {
            run.Cancel();
            Counters.Report((logger, run.Cell, timeout, executor.Name), static s => ScatterGatherLog.CellQueuedAtTimeout(s.logger, s.Cell.Name, s.Cell.Id, s.timeout.TotalMilliseconds, s.Name));
            return CellResult<T>.NoResponse(run.Cell, leftRunning: false);
        }

        Counters.LeftRunning();
        Counters.Report((logger, run.Cell, timeout, executor.Name), static s => ScatterGatherLog.CellLeftRunning(s.logger, s.Cell.Name, s.Cell.Id, s.timeout.TotalMilliseconds, s.Name));
        if (bulkhead.OnLeftRunning(run.Cell, run.IsProbe))
        {
            Counters.Report((logger, run.Cell, bulkhead, executor.Name), static s => ScatterGatherLog.CellHung(s.logger, s.Cell.Name, s.Cell.Id, s.bulkhead.MaxLeftRunningPerCell, s.Name, s.bulkhead.ProbeInterval.TotalSeconds));
        }

        run.LeftRunningReported = task.ContinueWith(
            finished =>
            {
                Counters.LeftRunningFinished();
                Counters.Report((logger, run.Cell, executor.Name, finished.Status), static s => ScatterGatherLog.LeftRunningFinished(s.logger, s.Cell.Name, s.Cell.Id, s.Name, s.Status));
                if (bulkhead.OnLeftRunningEnded(run.Cell))
                {
                    Counters.Report((logger, run.Cell), static s => ScatterGatherLog.CellBack(s.logger, s.Cell.Name, s.Cell.Id, "its calls left running have ended"));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        (leftRunning ??= []).Add(run);
        return CellResult<T>.NoResponse(run.Cell, leftRunning: true);
    }

    /// <summary>Cancels a call left running; a driver's cancellation callback that throws is reported, never lost.</summary>
    private static void CancelLeftRunning<T>(CellRun<T> run, IExecutor executor, ILogger logger)
    {
        try
        {
            run.Cancel();
        }
        catch (AggregateException error)
        {
            Counters.ReportingFailed();
            Counters.Report((logger, error, run.Cell, executor.Name), static s => ScatterGatherLog.CancelFailed(s.logger, s.error, s.Cell.Name, s.Cell.Id, s.Name));
        }
    }

    private static async Task WhenAllEndedAsync(IEnumerable<Task> tasks) =>
        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private static Exception Unwrap(AggregateException error) => error.InnerExceptions.Count == 1 ? error.InnerExceptions[0] : error;

    /// <summary>What every cell's conclusion of one gather needs.</summary>
    private readonly record struct GatherContext(IExecutor Executor, ILogger Logger, TimeSpan Timeout, CellBulkhead Bulkhead);
}
