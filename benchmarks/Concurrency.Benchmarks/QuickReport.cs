using System.Globalization;

namespace Concurrency.Benchmarks;

/// <summary>
/// The quick mode's output: one line per figure, <c>name value unit</c>; <c>name.ratio value x</c> for a comparison;
/// and, for a figure with a target, the target and whether this round met it; at the end a table of the judged figures
/// over every round and a closing <c>targets:</c> line judged on their medians.
/// </summary>
internal sealed class QuickReport(TextWriter output)
{
    public void Figure(string name, double value, string unit) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###} {unit}"));

    /// <summary>A ratio with no target (against futurist's or eventlet's figure): in the closing table, unjudged.</summary>
    public void Ratio(string name, double ratio)
    {
        Record($"{name}.ratio", ratio, "x", target: null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}.ratio {ratio:0.###} x"));
    }

    /// <summary>A ratio whose target is at most <paramref name="atMost"/>.</summary>
    public void RatioAtMost(string name, double ratio, double atMost) =>
        Judged($"{name}.ratio", ratio, "x", AtMost(atMost));

    /// <summary>A figure measured in alternated rounds: its median, with the spread beside it.</summary>
    public void Figure(string name, IReadOnlyList<double> rounds, string unit) =>
        output.WriteLine($"{name} {Rounds.Describe(rounds)} {unit}");

    /// <summary>A ratio taken within each of several alternated rounds: met when its median is at most <paramref name="atMost"/>.</summary>
    public void RatioAtMost(string name, IReadOnlyList<double> rounds, double atMost)
    {
        var (_, median, _) = Rounds.Spread(rounds);
        Judged($"{name}.ratio", median, "x", AtMost(atMost), Rounds.Describe(rounds));
    }

    /// <summary>A figure whose target is at least <paramref name="atLeast"/>.</summary>
    public void FigureAtLeast(string name, double value, string unit, double atLeast) =>
        Judged(name, value, unit, new Target(string.Create(CultureInfo.InvariantCulture, $">= {atLeast:0.###}"), value => value >= atLeast));

    /// <summary>
    /// The closing lines: after several rounds of the whole quick mode, a table of every judged figure with its spread
    /// over the rounds (minimum, median, maximum), met when the median meets the target; then how many targets were met,
    /// judged on those medians, and the names of those missed.
    /// </summary>
    public void Summary()
    {
        var missedNames = new List<string>();
        output.WriteLine();
        output.WriteLine(Figures.Count == 0 ? "No ratio or judged figure was measured." : $"Every judged figure and every ratio over {Figures.Values.Max(figure => figure.Values.Count)} rounds:");
        output.WriteLine();
        output.WriteLine(FiguresMarker);
        output.WriteLine("| figure | min | median | max | unit | target | met |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, figure) in Figures)
        {
            var (min, median, max) = Rounds.Spread(figure.Values);
            bool? isMet = figure.Target?.IsMet(median);
            if (isMet == false)
            {
                missedNames.Add(name);
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {min:0.###} | **{median:0.###}** | {max:0.###} | {figure.Unit} | {figure.Target?.Text ?? "-"} | {isMet switch { true => "yes", false => "**no**", null => "-" }} |"));
        }

        output.WriteLine(EndOfFiguresMarker);
        output.WriteLine();
        int judged = Figures.Values.Count(figure => figure.Target is not null);
        output.WriteLine(missedNames.Count == 0
            ? $"targets: {judged} met, 0 missed"
            : $"targets: {judged - missedNames.Count} met, {missedNames.Count} missed ({string.Join(", ", missedNames)})");
    }

    /// <summary>The line that opens a results file's table of figures, which the docs include (benchmarks/publish.sh).</summary>
    public const string FiguresMarker = "<!-- figures -->";

    /// <summary>The line that closes it.</summary>
    public const string EndOfFiguresMarker = "<!-- end of figures -->";

    private Dictionary<string, JudgedFigure> Figures { get; } = [];

    private static Target AtMost(double atMost) =>
        new(string.Create(CultureInfo.InvariantCulture, $"<= {atMost:0.###}"), value => value <= atMost);

    private void Record(string name, double value, string unit, Target? target)
    {
        if (!Figures.TryGetValue(name, out var figure))
        {
            Figures[name] = figure = new JudgedFigure(unit, target);
        }

        figure.Values.Add(value);
    }

    private void Judged(string name, double value, string unit, Target target, string? spread = null)
    {
        Record(name, value, unit, target);
        string shown = spread ?? value.ToString("0.###", CultureInfo.InvariantCulture);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{name} {shown} {unit}  target {target.Text}  {(target.IsMet(value) ? "met" : "MISSED")}"));
    }

    /// <summary>A target as printed, and the test of a value against it.</summary>
    private sealed record Target(string Text, Func<double, bool> IsMet);

    /// <summary>One figure's values, one per round of the quick mode; its target, when it has one.</summary>
    private sealed record JudgedFigure(string Unit, Target? Target)
    {
        public List<double> Values { get; } = [];
    }
}
