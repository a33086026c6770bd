namespace Concurrency.PeriodicWork;

/// <summary>
/// Marks a method as a periodic callback for <see cref="PeriodicWorker.FromObject"/>, as futurist's <c>@periodic</c>.
/// The method takes nothing or a <see cref="CancellationToken"/>, and returns void or a Task.
/// </summary>
/// <param name="spacingSeconds">Seconds between runs, above zero.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class PeriodicAttribute(double spacingSeconds) : Attribute
{
    /// <summary>Seconds between runs.</summary>
    public double SpacingSeconds { get; } = spacingSeconds;

    /// <summary>Run once as soon as the worker starts, instead of after one spacing.</summary>
    public bool RunImmediately { get; set; }

    /// <summary>Whether the callback runs at all; a disabled one is skipped until enabled.</summary>
    public bool Enabled { get; set; } = true;
}
