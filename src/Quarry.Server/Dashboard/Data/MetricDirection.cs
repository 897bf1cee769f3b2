namespace Quarry.Server.Dashboard.Data;

/// <summary>Which way a metric improves.</summary>
internal enum Better
{
    /// <summary>Larger values are better (returns, Sharpe, accuracy: the default).</summary>
    Higher,
    /// <summary>Smaller values are better (names containing volatility, loss or error).</summary>
    Lower,
    /// <summary>
    /// Values nearer zero are better (names containing drawdown). Quarry stores drawdowns as fractions ≤ 0
    /// (<c>max_drawdown</c> = −0.25), other tools as positive magnitudes; "smallest magnitude" is right for both, where a
    /// plain "lower is better" would crown the deepest Quarry drawdown.
    /// </summary>
    NearerZero,
}

/// <summary>Decides, from a metric's name, which of several values is the best. Stateless.</summary>
internal static class MetricDirection
{
    /// <summary>The direction of <paramref name="key"/> (case-insensitive substring rules).</summary>
    public static Better Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Contains("drawdown", StringComparison.OrdinalIgnoreCase)) return Better.NearerZero;
        return key.Contains("volatility", StringComparison.OrdinalIgnoreCase)
               || key.Contains("loss", StringComparison.OrdinalIgnoreCase)
               || key.Contains("error", StringComparison.OrdinalIgnoreCase)
            ? Better.Lower
            : Better.Higher;
    }

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/> for <paramref name="key"/>; NaN is never better.</summary>
    public static bool IsBetter(string key, double a, double b)
    {
        if (double.IsNaN(a)) return false;
        if (double.IsNaN(b)) return true;
        return Of(key) switch
        {
            Better.Lower => a < b,
            Better.NearerZero => Math.Abs(a) < Math.Abs(b),
            _ => a > b,
        };
    }

    /// <summary>The best of the non-NaN <paramref name="values"/>, or null when there is none.</summary>
    public static double? Best(string key, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double? best = null;
        foreach (var v in values)
            if (!double.IsNaN(v) && (best is not { } b || IsBetter(key, v, b))) best = v;
        return best;
    }

    /// <summary>The best value of a set known only by its range [<paramref name="min"/>, <paramref name="max"/>] (for drawdowns the end nearer zero).</summary>
    public static double BestOfRange(string key, double min, double max) => Of(key) switch
    {
        Better.Lower => min,
        Better.NearerZero => Math.Abs(min) < Math.Abs(max) ? min : max,
        _ => max,
    };

    /// <summary>The order_by direction that lists the best runs first (drawdowns: DESC, Quarry's values being ≤ 0).</summary>
    public static string BestFirst(string key) => Of(key) == Better.Lower ? "ASC" : "DESC";

    /// <summary>A short phrase for tooltips: "higher is better", "lower is better" or "nearer zero is better".</summary>
    public static string Describe(string key) => Of(key) switch
    {
        Better.Lower => "lower is better",
        Better.NearerZero => "nearer zero is better",
        _ => "higher is better",
    };
}
