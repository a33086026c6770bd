namespace Concurrency;

/// <summary>Settings for a <see cref="CooperativeLoopGroup"/>: how many loops, and the settings each loop starts from.</summary>
public sealed class CooperativeLoopGroupOptions
{
    /// <summary>The value of <see cref="LoopCount"/> that means one loop per processor.</summary>
    public const int OnePerCore = 0;

    private int _loopCount = OnePerCore;

    /// <summary>How many loops: 1 to 1024, or <see cref="OnePerCore"/> (the default) for one per processor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above 1024.</exception>
    public int LoopCount
    {
        get => _loopCount;
        set => _loopCount = value is >= 0 and <= 1024
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"LoopCount {value} is not accepted: use 1 to 1024, or CooperativeLoopGroupOptions.OnePerCore (0) for one loop per processor.");
    }

    /// <summary>
    /// The settings every loop starts from. Loop <c>i</c> is named <c>{Name}-{i}</c>, and in shuffle mode its seed is
    /// <c>ShuffleSeed + i</c>, so a whole group's ordering is reproducible from the one logged seed.
    /// </summary>
    public CooperativeLoopOptions Loop { get; set; } = new() { Name = "cooperative-group" };

    /// <summary>The number of loops <see cref="LoopCount"/> gives on this machine.</summary>
    internal int ResolvedLoopCount => _loopCount == OnePerCore ? Environment.ProcessorCount : _loopCount;
}
