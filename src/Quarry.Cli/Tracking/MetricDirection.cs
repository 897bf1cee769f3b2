namespace Quarry.Cli.Tracking;

/// <summary>
/// Which value of a metric is best when runs are compared. Metrics whose name contains drawdown, volatility, loss or
/// error are lower-is-better, judged by magnitude, so a drawdown of −0.10 beats −0.25 and an average loss of −50
/// beats −80; every other metric is higher-is-better. NaN never wins.
/// </summary>
internal static class MetricDirection
{
    static readonly string[] LowerIsBetterWords = ["drawdown", "volatility", "loss", "error"];

    public static bool LowerIsBetter(string key) =>
        LowerIsBetterWords.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>The indices of the best values (all of them on a tie); empty when no value is a number.</summary>
    public static IReadOnlyList<int> Best(string key, IReadOnlyList<double?> values)
    {
        bool lower = LowerIsBetter(key);
        double? best = null;
        foreach (var v in values)
        {
            if (v is not { } x || double.IsNaN(x)) continue;
            double score = lower ? -Math.Abs(x) : x;
            if (best is null || score > best) best = score;
        }
        var winners = new List<int>();
        for (int i = 0; i < values.Count; i++)
            if (values[i] is { } x && !double.IsNaN(x) && (lower ? -Math.Abs(x) : x) == best) winners.Add(i);
        return winners;
    }
}
