namespace Concurrency;

/// <summary>
/// A submission that <see cref="PooledExecutor"/> has started: it holds one of the executor's slots, and the backend
/// runs it once, wherever its work runs (<see cref="PooledExecutor.Start"/>). Only the engine creates these.
/// </summary>
public interface IStartedWork
{
    /// <summary>The work's name in reports: the caller's method, or the lambda and where it was written.</summary>
    string Description { get; }

    /// <summary>
    /// Runs the work on the calling thread, in the submitter's ExecutionContext (or a clean one), and counts its
    /// outcome.
    /// </summary>
    /// <returns>
    /// <see langword="true"/> when the work has ended: the backend then calls <see cref="PooledExecutor.Finish"/>.
    /// <see langword="false"/> when asynchronous work is still in flight: it keeps its slot, not the calling thread,
    /// and the engine finishes it when its Task completes.
    /// </returns>
    bool Run();

    /// <summary>
    /// When <see cref="Run"/> recorded the work's end, in the executor's <see cref="TimeProvider"/> timestamps; zero
    /// until then. A backend can take it as "now" instead of reading the clock again.
    /// </summary>
    long FinishedAt { get; }

    /// <summary>The submission's affinity key (<see cref="SubmitOptions.Key"/>), or null: a backend with affinity runs every item of one key in the same place.</summary>
    string? Key { get; }

    /// <summary>
    /// Where the backend placed the work, numbered as the backend numbers its places (a loop of a group, say), so it
    /// can count work per place when the slot is released (<see cref="PooledExecutor.OnReleased"/>). Zero until the
    /// backend sets it; the engine never reads it.
    /// </summary>
    int Lane { get; set; }
}
