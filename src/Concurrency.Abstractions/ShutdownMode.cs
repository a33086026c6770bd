namespace Concurrency;

/// <summary>What a shutdown does with submissions that are queued and have not started.</summary>
public enum ShutdownMode
{
    /// <summary>Queued submissions still run; the executor ends when the last one has ended (futurist's default).</summary>
    Drain = 0,

    /// <summary>Queued submissions are canceled and never run (futurist's <c>cancel_futures=True</c>); running ones finish.</summary>
    CancelQueued = 1,
}
