namespace Concurrency;

/// <summary>How a submission is made: how long to wait before it may start, its cancellation token, and its key.</summary>
/// <param name="Delay">Zero (the default) to run as soon as a worker is free; otherwise the time to wait, on the
/// executor's clock, before the submission is queued. Work with a shorter delay runs first, whenever it was submitted.
/// Negative delays are refused.</param>
/// <param name="CancellationToken">Cancels the submission until it starts (it then never runs and counts as
/// canceled); handed to the work once it runs, so running work can stop.</param>
public readonly record struct SubmitOptions(TimeSpan Delay = default, CancellationToken CancellationToken = default)
{
    /// <summary>
    /// Null (the default), or an affinity key (a request, a cell, an entity id): an executor over several workers with
    /// affinity, such as a group of cooperative loops, runs every submission of one key on the same worker, in
    /// submission order; other executors ignore it.
    /// </summary>
    public string? Key { get; init; }
}
