namespace Concurrency.Cells;

/// <summary>
/// Process-wide counts of scatter-gather calls, from <see cref="ScatterGather.GetStatistics"/>. Cell outcomes are
/// counted for calls that returned (a call its caller canceled returns nothing and counts only in <see cref="Calls"/>).
/// </summary>
/// <param name="Calls">Scatter-gather calls started.</param>
/// <param name="Cells">Cell calls submitted.</param>
/// <param name="Responded">Cells that returned a value in time.</param>
/// <param name="Failed">Cells that failed in time.</param>
/// <param name="DidNotRespond">Cells still unfinished at their call's timeout.</param>
/// <param name="LeftRunning">Of those, cells that were running at the timeout and were left to finish.</param>
/// <param name="StillRunning">Cells left running that have not finished yet: each holds a worker of its pool.</param>
/// <param name="AnsweredAtOnce">Of the cells that did not respond, those a <see cref="CellBulkhead"/> answered without a
/// call because the cell was hung.</param>
/// <param name="SynchronousQueries">Asynchronous queries that completed synchronously after holding a cooperative loop
/// for 10 ms or more: a blocking driver behind an asynchronous API (Microsoft.Data.Sqlite).</param>
/// <param name="ReportingFailures">Log calls that threw (a failing logger, an exception that cannot be formatted) and
/// cancellation callbacks that threw; each was swallowed, so no scatter-gather call ever fails for them.</param>
public sealed record ScatterGatherStatistics(
    long Calls, long Cells, long Responded, long Failed, long DidNotRespond, long LeftRunning, long StillRunning, long ReportingFailures = 0, long AnsweredAtOnce = 0, long SynchronousQueries = 0)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"ScatterGatherStatistics(calls={Calls}, cells={Cells}, responded={Responded}, failed={Failed}, did_not_respond={DidNotRespond}, left_running={LeftRunning}, still_running={StillRunning}, answered_at_once={AnsweredAtOnce}, synchronous_queries={SynchronousQueries}, reporting_failures={ReportingFailures})";
}
