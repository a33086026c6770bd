namespace Concurrency.PeriodicWork;

/// <summary>What the on-failure hook receives, as futurist's <c>on_failure(callback, kind, spacing, error)</c>.</summary>
/// <param name="Callback">The callback that failed.</param>
/// <param name="Kind"><see cref="PeriodicFailureKind.Run"/> when it threw; <see cref="PeriodicFailureKind.Submit"/> when the executor refused it (it is retried).</param>
/// <param name="Spacing">The callback's spacing.</param>
/// <param name="Error">The exception.</param>
public sealed record PeriodicFailure(PeriodicCallback Callback, PeriodicFailureKind Kind, TimeSpan Spacing, Exception Error);

/// <summary>Where a periodic callback failed.</summary>
public enum PeriodicFailureKind
{
    /// <summary>The callback threw.</summary>
    Run,

    /// <summary>The executor refused the submission; it is retried after <see cref="PeriodicWorkerOptions.RetryDelay"/>.</summary>
    Submit,
}
