namespace Concurrency;

/// <summary>Settings for <see cref="CooperativeExecutor"/>.</summary>
public sealed class CooperativeExecutorOptions : ExecutorOptions
{
    /// <summary>The loop that runs the executor's work; null uses <see cref="CooperativeLoop.Default"/>.</summary>
    public CooperativeLoop? Loop { get; set; }
}
