using System.Globalization;

namespace Concurrency.Benchmarks;

/// <summary>The quick mode's output: one line per figure, <c>name value unit</c>, and <c>name.ratio value x</c>.</summary>
internal sealed class QuickReport(TextWriter output)
{
    public void Figure(string name, double value, string unit) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###} {unit}"));

    public void Ratio(string name, double ratio) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}.ratio {ratio:0.###} x"));
}
