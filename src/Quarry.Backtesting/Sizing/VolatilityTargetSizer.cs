using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Sizing;

/// <summary>
/// Scales the position so its expected annualised volatility equals a target:
/// weight = target / (std of the last <c>lookback</c> close-to-close returns × √periodsPerYear), capped at
/// <c>maxLeverage</c>. Uses returns up to the signal bar only; sizes 0 until enough history exists.
/// </summary>
public sealed class VolatilityTargetSizer : ISizer
{
    /// <summary>Creates the sizer.</summary>
    /// <param name="target">Annualised volatility target, e.g. 0.15.</param>
    /// <param name="lookback">Number of returns in the estimate, ≥ 2.</param>
    /// <param name="maxLeverage">Largest weight allowed (1 = no leverage).</param>
    /// <param name="periodsPerYear">Bars per year used to annualise.</param>
    public VolatilityTargetSizer(double target, int lookback = 20, double maxLeverage = 1, double periodsPerYear = 252)
    {
        if (!(target > 0)) throw new ArgumentOutOfRangeException(nameof(target), target, "Volatility target must be > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 2);
        if (!(maxLeverage > 0)) throw new ArgumentOutOfRangeException(nameof(maxLeverage), maxLeverage, "Max leverage must be > 0.");
        Target = target;
        Lookback = lookback;
        MaxLeverage = maxLeverage;
        PeriodsPerYear = periodsPerYear;
    }

    /// <summary>Annualised volatility target.</summary>
    public double Target { get; }

    /// <summary>Returns in the estimate.</summary>
    public int Lookback { get; }

    /// <summary>Largest weight.</summary>
    public double MaxLeverage { get; }

    /// <summary>Bars per year.</summary>
    public double PeriodsPerYear { get; }

    /// <inheritdoc />
    public OrderSize Size(in SizingContext context)
    {
        int end = context.SignalBar;
        if (end < Lookback) return OrderSize.Shares(0);
        var close = context.Series.Close;
        double mean = 0, m2 = 0;
        for (int k = 1, i = end - Lookback + 1; i <= end; i++, k++)
        {
            double r = close[i] / close[i - 1] - 1, delta = r - mean;
            mean += delta / k;
            m2 += delta * (r - mean);
        }
        double vol = Math.Sqrt(m2 / (Lookback - 1) * PeriodsPerYear);
        double weight = vol > 0 ? Math.Min(Target / vol, MaxLeverage) : MaxLeverage;
        return OrderSize.PercentOfEquity(weight);
    }

    /// <inheritdoc />
    public override string ToString() => $"vol-target:{Target}:{Lookback}";
}
