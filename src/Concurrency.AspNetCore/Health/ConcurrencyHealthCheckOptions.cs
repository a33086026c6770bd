namespace Concurrency.AspNetCore;

/// <summary>Settings for the check <c>AddConcurrency</c> adds to ASP.NET Core health checks. Each setter validates its value.</summary>
public sealed class ConcurrencyHealthCheckOptions
{
    /// <summary>The default of <see cref="UnansweredCallsForDegraded"/>: 3.</summary>
    public const int DefaultUnansweredCallsForDegraded = 3;

    private int _unansweredCallsForDegraded = DefaultUnansweredCallsForDegraded;

    /// <summary>
    /// How many of a cell's latest scatter-gather calls in a row must have failed or not responded for the check to
    /// report Degraded, naming the cell and the last reason. One response clears it. Default 3.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int UnansweredCallsForDegraded
    {
        get => _unansweredCallsForDegraded;
        set => _unansweredCallsForDegraded = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"UnansweredCallsForDegraded {value} is not accepted: use 1 or more (calls in a row that failed or did not respond).");
    }
}
