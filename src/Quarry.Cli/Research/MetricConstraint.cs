using System.Globalization;
using System.Text.RegularExpressions;
using Quarry.Core;

namespace Quarry.Cli.Research;

/// <summary>
/// A constraint on a metric such as <c>max_drawdown &gt; -0.25</c>. Its value for the optimizer follows Optuna's
/// convention: ≤ 0 when satisfied (threshold − metric for "&gt;", metric − threshold for "&lt;").
/// </summary>
internal sealed partial record MetricConstraint(string Metric, bool GreaterThan, double Threshold)
{
    [GeneratedRegex(@"^\s*([a-z_0-9]+)\s*(>=|<=|>|<)\s*([-+0-9.eE]+)\s*$")]
    private static partial Regex Pattern();

    public static MetricConstraint Parse(string text, IReadOnlyCollection<string> knownMetrics)
    {
        var m = Pattern().Match(text);
        if (!m.Success || !double.TryParse(m.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
            throw new QuarryException(ErrorCode.InvalidParameter, $"Bad constraint '{text}': expected METRIC > NUMBER or METRIC < NUMBER, e.g. \"max_drawdown > -0.25\".");
        var metric = m.Groups[1].Value;
        if (!knownMetrics.Contains(metric))
            throw new QuarryException(ErrorCode.InvalidParameter, $"Bad constraint '{text}': unknown metric '{metric}' (known: {string.Join(", ", knownMetrics)}).");
        return new MetricConstraint(metric, m.Groups[2].Value[0] == '>', threshold);
    }

    /// <summary>≤ 0 when satisfied; NaN metrics count as violated by 1.</summary>
    public double Violation(double value) =>
        double.IsNaN(value) ? 1 : GreaterThan ? Threshold - value : value - Threshold;

    public override string ToString() => $"{Metric} {(GreaterThan ? ">" : "<")} {Threshold.ToString(CultureInfo.InvariantCulture)}";
}
