namespace Concurrency.Testing;

/// <summary>
/// The faults planned for one target of one seam: a latency range, a chance to fail, a chance to hang, and the window
/// of virtual time they hold in (a cell that recovers). Calls outside the window only take the latency.
/// </summary>
public sealed class SeamFaults
{
    private readonly TaskCompletionSource _recovered;
    private Func<Exception>? _error;

    internal SeamFaults(string seam, string target, TaskCreationOptions continuations)
    {
        Seam = seam;
        Target = target;
        _recovered = new TaskCompletionSource(continuations);
    }

    /// <summary>The seam.</summary>
    public string Seam { get; }

    /// <summary>The target.</summary>
    public string Target { get; }

    internal (TimeSpan Min, TimeSpan Max)? LatencyRange { get; private set; }

    internal double FailProbability { get; private set; }

    internal double HangProbability { get; private set; }

    internal bool HangObservesCancellation { get; private set; }

    internal TimeSpan From { get; private set; } = TimeSpan.Zero;

    internal TimeSpan Until { get; private set; } = TimeSpan.MaxValue;

    /// <summary>Each call takes a virtual latency the seed draws between <paramref name="min"/> and <paramref name="max"/>.</summary>
    /// <param name="min">The shortest.</param>
    /// <param name="max">The longest, at least <paramref name="min"/>.</param>
    /// <returns>This plan, to go on configuring.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is negative, or <paramref name="max"/> is under <paramref name="min"/>.</exception>
    public SeamFaults Latency(TimeSpan min, TimeSpan max)
    {
        CheckRange(min, max);
        LatencyRange = (min, max);
        return this;
    }

    /// <summary>Each call fails with the chance given, after its latency.</summary>
    /// <param name="probability">From 0 to 1; 1 fails every call.</param>
    /// <param name="error">Makes the exception; null throws a <see cref="TimeoutException"/> that names the seam and target.</param>
    /// <returns>This plan, to go on configuring.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside 0 to 1.</exception>
    public SeamFaults Fails(double probability = 1, Func<Exception>? error = null)
    {
        FailProbability = Probability(probability);
        _error = error;
        return this;
    }

    /// <summary>Each call hangs with the chance given: it never answers, as a database behind a dead network.</summary>
    /// <param name="probability">From 0 to 1; 1 hangs every call.</param>
    /// <param name="observesCancellation">Whether the hung call ends when its token is canceled; false (the default) ignores the token, as a blocked socket does.</param>
    /// <returns>This plan, to go on configuring.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside 0 to 1.</exception>
    public SeamFaults Hangs(double probability = 1, bool observesCancellation = false)
    {
        HangProbability = Probability(probability);
        HangObservesCancellation = observesCancellation;
        return this;
    }

    /// <summary>The failures and hangs hold only from <paramref name="from"/> until <paramref name="until"/> of virtual time; then the target recovers.</summary>
    /// <param name="from">When they start.</param>
    /// <param name="until">When they stop, after <paramref name="from"/>.</param>
    /// <returns>This plan, to go on configuring.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="from"/> is negative or <paramref name="until"/> is not after it.</exception>
    public SeamFaults Between(TimeSpan from, TimeSpan until)
    {
        if (from < TimeSpan.Zero || until <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"The window {from} to {until} is not accepted: use a start of zero or more and an end after it.");
        }

        (From, Until) = (from, until);
        return this;
    }

    /// <summary>The target recovers: calls hung so far answer now, and no later call fails or hangs.</summary>
    public void Recover()
    {
        FailProbability = 0;
        HangProbability = 0;
        _recovered.TrySetResult();
    }

    /// <summary>Completes when <see cref="Recover"/> is called.</summary>
    internal Task Recovered => _recovered.Task;

    internal bool HoldsAt(TimeSpan now) => now >= From && now < Until;

    internal Exception NewError() =>
        _error?.Invoke() ?? new TimeoutException($"Simulated fault: the {Seam} '{Target}' failed, as the test's fault plan says.");

    internal static void CheckRange(TimeSpan min, TimeSpan max)
    {
        if (min < TimeSpan.Zero || max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"The latency range {min} to {max} is not accepted: use a minimum of zero or more and a maximum at least as long.");
        }
    }

    private static double Probability(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"Probability {value} is not accepted: use 0 to 1.");
}
