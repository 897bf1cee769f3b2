using Quarry.Server.Api;

namespace Quarry.Server.Dashboard.Data;

/// <summary>
/// Which of several values of a metric is the best, by the server's one convention (<see cref="MetricGoal"/>: names
/// containing drawdown, volatility, loss or error are better when smaller in magnitude, every other metric when higher),
/// plus what the dashboard needs on top: the best end of a range and the order_by direction that lists the best first.
/// Stateless.
/// </summary>
internal static class MetricDirection
{
    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/> for <paramref name="key"/>; NaN is never better.</summary>
    public static bool IsBetter(string key, double a, double b) => MetricGoal.IsBetter(key, a, b);

    /// <summary>The best of the non-NaN <paramref name="values"/>, or null when there is none.</summary>
    public static double? Best(string key, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double? best = null;
        foreach (var v in values)
            if (!double.IsNaN(v) && (best is not { } b || IsBetter(key, v, b))) best = v;
        return best;
    }

    /// <summary>
    /// The best value of a set known only by its range [<paramref name="min"/>, <paramref name="max"/>]: the maximum, or
    /// for lower-is-better metrics the end with the smaller magnitude (exact when the values share a sign, as drawdowns ≤ 0
    /// or volatilities ≥ 0 do).
    /// </summary>
    public static double BestOfRange(string key, double min, double max) =>
        !MetricGoal.LowerIsBetter(key) ? max : Math.Abs(min) <= Math.Abs(max) ? min : max;

    /// <summary>
    /// Whether ordering by <paramref name="key"/> DESC lists the best runs first. MLflow's order_by cannot sort by
    /// magnitude, so for lower-is-better metrics the sign of a <paramref name="sample"/> value decides (drawdowns logged
    /// as fractions ≤ 0 read best-first descending); without a sample, names containing "drawdown" are taken as ≤ 0.
    /// </summary>
    public static bool BestFirstDescending(string key, double? sample)
    {
        if (!MetricGoal.LowerIsBetter(key)) return true;
        return sample is { } s && !double.IsNaN(s) ? s <= 0 : key.Contains("drawdown", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A short phrase for tooltips: "higher is better" or "smaller magnitude is better".</summary>
    public static string Describe(string key) => MetricGoal.LowerIsBetter(key) ? "smaller magnitude is better" : "higher is better";
}
