using System.Globalization;
using System.Text;

namespace Concurrency.Benchmarks;

/// <summary>A small SVG writer for the scaling run (no charting package restores here): measured against ideal, log-log.</summary>
internal static class ScalingChart
{
    private const double Width = 640;
    private const double Height = 400;
    private const double Left = 70;
    private const double Right = 20;
    private const double Top = 40;
    private const double Bottom = 50;

    public static string Svg(
        IReadOnlyList<Figures.ScalingPoint> points, string title, string xLabel = "workers", string yLabel = "items per second", string idealLabel = "ideal (workers / 10 ms)")
    {
        double minX = Math.Log2(points.Min(p => p.Workers));
        double maxX = Math.Log2(points.Max(p => p.Workers));
        double minY = Math.Log10(Math.Min(points.Min(p => p.Throughput), points.Min(p => p.Ideal)));
        double maxY = Math.Log10(Math.Max(points.Max(p => p.Throughput), points.Max(p => p.Ideal)));
        double X(int workers) => Left + ((Math.Log2(workers) - minX) / Math.Max(maxX - minX, 1e-9) * (Width - Left - Right));
        double Y(double value) => Height - Bottom - ((Math.Log10(value) - minY) / Math.Max(maxY - minY, 1e-9) * (Height - Top - Bottom));
        string Line(Func<Figures.ScalingPoint, double> value) =>
            string.Join(' ', points.Select(p => Invariant($"{X(p.Workers):0.0},{Y(value(p)):0.0}")));

        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{title}</text>"));
        svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>"));
        svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>"));
        foreach (var point in points)
        {
            svg.AppendLine(Invariant($"<text x=\"{X(point.Workers):0.0}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{point.Workers}</text>"));
            svg.AppendLine(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(point.Ideal) + 4:0.0}\" text-anchor=\"end\" fill=\"gray\">{point.Ideal:0}</text>"));
            svg.AppendLine(Invariant($"<text x=\"{X(point.Workers):0.0}\" y=\"{Y(point.Throughput) - 10:0.0}\" text-anchor=\"middle\" fill=\"steelblue\">{100 * point.Efficiency:0}%</text>"));
            svg.AppendLine(Invariant($"<circle cx=\"{X(point.Workers):0.0}\" cy=\"{Y(point.Throughput):0.0}\" r=\"4\" fill=\"steelblue\"><title>{point.Workers} {xLabel}: {point.Throughput:0} {yLabel}, {100 * point.Efficiency:0.0}% of ideal</title></circle>"));
        }

        svg.AppendLine(Invariant($"<polyline points=\"{Line(p => p.Ideal)}\" fill=\"none\" stroke=\"gray\" stroke-dasharray=\"6 4\"/>"));
        svg.AppendLine(Invariant($"<polyline points=\"{Line(p => p.Throughput)}\" fill=\"none\" stroke=\"steelblue\" stroke-width=\"2\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Width / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">{xLabel} (log scale)</text>"));
        svg.AppendLine(Invariant($"<text x=\"16\" y=\"{Height / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Height / 2})\">{yLabel} (log scale)</text>"));
        svg.AppendLine(Invariant($"<text x=\"{Left + 10}\" y=\"{Top + 10}\" fill=\"steelblue\">measured</text>"));
        svg.AppendLine(Invariant($"<text x=\"{Left + 10}\" y=\"{Top + 26}\" fill=\"gray\">{idealLabel}; labels: % of ideal</text>"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
