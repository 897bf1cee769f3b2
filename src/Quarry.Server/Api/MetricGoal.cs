namespace Quarry.Server.Api;

/// <summary>
/// Which way is better for a metric, by name: a metric whose name contains <c>drawdown</c>, <c>volatility</c>,
/// <c>loss</c> or <c>error</c> (any case) is better when smaller in magnitude — a drawdown of −0.10 beats −0.30
/// (Quarry logs drawdowns as fractions ≤ 0) and so does one logged as 0.10 against 0.30; every other metric is
/// better when higher. NaN is never better than anything. Pure and thread-safe.
/// </summary>
internal static class MetricGoal
{
    static readonly string[] LowerIsBetterWords = ["drawdown", "volatility", "loss", "error"];

    /// <summary>Whether smaller magnitudes are better for <paramref name="metric"/>.</summary>
    public static bool LowerIsBetter(string metric)
    {
        foreach (var word in LowerIsBetterWords)
            if (metric.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The wire name of the goal: <c>lower</c> or <c>higher</c>.</summary>
    public static string Name(string metric) => LowerIsBetter(metric) ? "lower" : "higher";

    /// <summary>Whether <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/> for <paramref name="metric"/>.</summary>
    public static bool IsBetter(string metric, double candidate, double incumbent)
    {
        if (double.IsNaN(candidate)) return false;
        if (double.IsNaN(incumbent)) return true;
        return LowerIsBetter(metric) ? Math.Abs(candidate) < Math.Abs(incumbent) : candidate > incumbent;
    }
}
