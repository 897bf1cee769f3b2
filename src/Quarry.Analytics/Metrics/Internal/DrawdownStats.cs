namespace Quarry.Analytics.Metrics.Internal;

/// <summary>Drawdown-based formulas on top of a <see cref="DrawdownScan"/>.</summary>
internal static class DrawdownStats
{
    /// <summary>Mean of the episodes' minima; 0 without an episode; NaN when empty.</summary>
    public static double AvgDrawdown(in DrawdownScan scan)
    {
        if (scan.Count == 0 || scan.Episodes < 0) return double.NaN;
        return scan.Episodes == 0 ? 0 : scan.SumEpisodeMinima / scan.Episodes;
    }

    /// <summary>Mean episode length in days, rounded half to even (numpy <c>round</c>); 0 without an episode; NaN when empty or without timestamps.</summary>
    public static double AvgDrawdownDays(in DrawdownScan scan)
    {
        if (scan.Count == 0 || scan.Episodes < 0 || scan.SumDays < 0) return double.NaN;
        return scan.Episodes == 0 ? 0 : Math.Round((double)scan.SumDays / scan.Episodes, MidpointRounding.ToEven);
    }

    /// <summary>(comp − rf) / ulcer index; NaN when the ulcer index is 0 or undefined.</summary>
    public static double UlcerPerformanceIndex(double comp, in DrawdownScan scan, double rf)
    {
        double ulcer = scan.UlcerIndex;
        return ulcer == 0 || double.IsNaN(ulcer) ? double.NaN : (comp - rf) / ulcer;
    }

    /// <summary>QuantStats' parametric cvar (sigma 1, confidence 0.95) of a drawdown series, serenity's pitfall numerator.</summary>
    public static double DrawdownCvar(ReadOnlySpan<double> drawdowns) =>
        TailStats.ConditionalValueAtRisk(drawdowns, TailStats.ValueAtRisk(Moments.Of(drawdowns), 1, 0.95));

    /// <summary>
    /// (Σr − rf) / (ulcer · pitfall), pitfall = −cvar(dd) / std(r); NaN when std(r) = 0 or the denominator is 0.
    /// </summary>
    public static double SerenityIndex(double sum, double std, double ulcer, double drawdownCvar, double rf)
    {
        if (std == 0 || double.IsNaN(std)) return double.NaN;
        double denominator = ulcer * (-drawdownCvar / std);
        return denominator == 0 || double.IsNaN(denominator) ? double.NaN : (sum - rf) / denominator;
    }

    /// <summary>|Σr − rf| / |max drawdown|; NaN when the max drawdown is 0 or undefined.</summary>
    public static double RecoveryFactor(double sum, double maxDrawdown, double rf) =>
        maxDrawdown == 0 || double.IsNaN(maxDrawdown) ? double.NaN : Math.Abs(sum - rf) / Math.Abs(maxDrawdown);
}
