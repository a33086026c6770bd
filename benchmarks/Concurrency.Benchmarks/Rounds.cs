using System.Globalization;

namespace Concurrency.Benchmarks;

/// <summary>
/// Figures measured in alternated rounds: each round measures every variant once, in turn, so a machine that drifts
/// (this VM does, 2x within an hour) drifts under all of them alike; a ratio is taken within each round.
/// </summary>
internal sealed class Rounds
{
    private readonly Dictionary<string, List<double>> _values = [];

    /// <summary>Records <paramref name="value"/> for <paramref name="name"/> in the current round.</summary>
    public void Add(string name, double value)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            _values[name] = values = [];
        }

        values.Add(value);
    }

    /// <summary>The values of <paramref name="name"/>, one per round.</summary>
    public IReadOnlyList<double> Of(string name) => _values[name];

    /// <summary>Per round, <paramref name="numerator"/> over <paramref name="denominator"/>.</summary>
    public IReadOnlyList<double> Ratio(string numerator, string denominator) =>
        [.. Of(numerator).Zip(Of(denominator), static (a, b) => a / b)];

    /// <summary>Minimum, median and maximum.</summary>
    public static (double Min, double Median, double Max) Spread(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return (sorted[0], median, sorted[^1]);
    }

    /// <summary>For a line: <c>median (min-max)</c>.</summary>
    public static string Describe(IReadOnlyList<double> values)
    {
        var (min, median, max) = Spread(values);
        return string.Create(CultureInfo.InvariantCulture, $"{median:0.###} (min {min:0.###}, max {max:0.###}, {values.Count} rounds)");
    }
}
