using System.Globalization;

namespace Concurrency.Benchmarks;

/// <summary>
/// The quick mode's output: one line per figure, <c>name value unit</c>; <c>name.ratio value x</c> for a comparison;
/// and, for a figure with a target, the target and whether this run met it, counted in a closing <c>targets:</c> line.
/// </summary>
internal sealed class QuickReport(TextWriter output)
{
    private readonly List<string> missed = [];
    private int met;

    public void Figure(string name, double value, string unit) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###} {unit}"));

    public void Ratio(string name, double ratio) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}.ratio {ratio:0.###} x"));

    /// <summary>A ratio whose target is at most <paramref name="atMost"/>.</summary>
    public void RatioAtMost(string name, double ratio, double atMost) =>
        Judged($"{name}.ratio", ratio, "x", ratio <= atMost, string.Create(CultureInfo.InvariantCulture, $"<= {atMost:0.###}"));

    /// <summary>A figure measured in alternated rounds: its median, with the spread beside it.</summary>
    public void Figure(string name, IReadOnlyList<double> rounds, string unit) =>
        output.WriteLine($"{name} {Rounds.Describe(rounds)} {unit}");

    /// <summary>A ratio taken within each of several alternated rounds: met when its median is at most <paramref name="atMost"/>.</summary>
    public void RatioAtMost(string name, IReadOnlyList<double> rounds, double atMost)
    {
        var (_, median, _) = Rounds.Spread(rounds);
        Judged($"{name}.ratio", median, "x", median <= atMost, string.Create(CultureInfo.InvariantCulture, $"<= {atMost:0.###}"), Rounds.Describe(rounds));
    }

    /// <summary>A figure whose target is at least <paramref name="atLeast"/>.</summary>
    public void FigureAtLeast(string name, double value, string unit, double atLeast) =>
        Judged(name, value, unit, value >= atLeast, string.Create(CultureInfo.InvariantCulture, $">= {atLeast:0.###}"));

    /// <summary>The closing line: how many targets this run met, and the names of those it missed.</summary>
    public void Summary() =>
        output.WriteLine(missed.Count == 0
            ? $"targets: {met} met, 0 missed"
            : $"targets: {met} met, {missed.Count} missed ({string.Join(", ", missed)})");

    private void Judged(string name, double value, string unit, bool isMet, string target, string? spread = null)
    {
        if (isMet)
        {
            met++;
        }
        else
        {
            missed.Add(name);
        }

        string shown = spread ?? value.ToString("0.###", CultureInfo.InvariantCulture);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{name} {shown} {unit}  target {target}  {(isMet ? "met" : "MISSED")}"));
    }
}
