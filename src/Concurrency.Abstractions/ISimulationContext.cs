namespace Concurrency;

/// <summary>
/// A <see cref="SynchronizationContext"/> that runs a whole service on one controlled thread in virtual time: the
/// simulated backend's (package Concurrency.Testing). Inside it the library keeps its own continuations and background
/// work on that thread instead of the .NET thread pool, reads <see cref="Time"/> wherever no clock was set, and asks
/// it what happens to a call at the seams a test may fault. Outside a simulation none of this costs anything.
/// </summary>
public interface ISimulationContext
{
    /// <summary>The seam before a scatter-gather cell's query runs; the target is the cell's name.</summary>
    const string CellSeam = "cell";

    /// <summary>The simulation's virtual clock.</summary>
    TimeProvider Time { get; }

    /// <summary>
    /// Called by the library as a call passes a seam: completes when the call may go on (after a virtual latency),
    /// throws the failure the test planned for it, or never completes until <paramref name="cancellationToken"/> is
    /// canceled (a hang).
    /// </summary>
    /// <param name="seam">Which seam, such as <see cref="CellSeam"/>.</param>
    /// <param name="target">What the call is for (a cell's name).</param>
    /// <param name="cancellationToken">The call's own token.</param>
    /// <returns>A ValueTask that completes when the call goes on.</returns>
    ValueTask EnterSeamAsync(string seam, string target, CancellationToken cancellationToken);
}
