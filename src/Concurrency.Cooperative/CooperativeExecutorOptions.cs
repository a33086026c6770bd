namespace Concurrency;

/// <summary>Settings for <see cref="CooperativeExecutor"/>.</summary>
public sealed class CooperativeExecutorOptions : ExecutorOptions
{
    /// <summary>Creates settings with every default, on <see cref="CooperativeLoop.Default"/>.</summary>
    public CooperativeExecutorOptions()
    {
    }

    /// <summary>Creates settings that copy every value of backend-neutral <paramref name="settings"/>.</summary>
    /// <param name="settings">The settings to copy.</param>
    /// <param name="loop">The loop to run on; null uses <see cref="CooperativeLoop.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public CooperativeExecutorOptions(ExecutorOptions settings, CooperativeLoop? loop = null)
        : base(settings) => Loop = loop;

    /// <summary>The loop that runs the executor's work; null uses <see cref="LoopGroup"/>, or else <see cref="CooperativeLoop.Default"/>.</summary>
    public CooperativeLoop? Loop { get; set; }

    /// <summary>
    /// A group of loops that runs the executor's work instead of one loop: each submission on the loop its
    /// <see cref="SubmitOptions.Key"/> chooses, or, without a key, on the less loaded of two. Not with <see cref="Loop"/>.
    /// </summary>
    public CooperativeLoopGroup? LoopGroup { get; set; }
}
