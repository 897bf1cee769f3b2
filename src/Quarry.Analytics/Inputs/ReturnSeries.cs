using System.Globalization;
using Quarry.Core;

namespace Quarry.Analytics.Inputs;

/// <summary>
/// Builds simple-return series (<c>r_t = V_t / V_{t−1} − 1</c>) from equity curves, prices or raw returns.
/// Quarry never guesses whether a series holds prices or returns (spec §7 item 9): the caller picks the method.
/// Stateless and thread-safe; each call allocates the output arrays and never modifies its input.
/// </summary>
public static class ReturnSeries
{
    /// <summary>
    /// Returns of an equity curve: <c>r_t = E_t / E_{t−1} − 1</c>. With <paramref name="initialValue"/> the first
    /// return is <c>E_0 / initialValue − 1</c> and the output has one value per input point (what
    /// <c>BacktestResult.Returns()</c> does with the initial cash); without it the first point only serves as the base
    /// and the output is one point shorter (empty for fewer than 2 points).
    /// A zero or non-finite base gives a non-finite return; pass the result through <see cref="FromReturns"/> or
    /// <see cref="Alignment.Align"/>, which replace those by 0 and count them.
    /// </summary>
    /// <param name="equity">Equity values on increasing timestamps.</param>
    /// <param name="initialValue">Equity before the first point (e.g. the starting cash), or null to drop the first point.</param>
    public static TimeSeries FromEquity(TimeSeries equity, double? initialValue = null)
    {
        ArgumentNullException.ThrowIfNull(equity);
        return initialValue is { } start ? Chain(equity, start, skip: 0) : Chain(equity, double.NaN, skip: 1);
    }

    /// <summary>
    /// Close-to-close returns of a price series: <c>r_t = P_t / P_{t−1} − 1</c>, dated at <c>t</c>; the first price only
    /// serves as the base, so the output is one point shorter (empty for fewer than 2 prices).
    /// </summary>
    /// <param name="prices">Prices on increasing timestamps.</param>
    public static TimeSeries FromPrices(TimeSeries prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        return Chain(prices, double.NaN, skip: 1);
    }

    /// <summary>
    /// Close-to-close returns of a bar series (its <see cref="BarSeries.Close"/>), named after the symbol. For total
    /// returns including dividends pass <c>bars.Adjusted()</c>, or build a <see cref="TimeSeries"/> of the adjusted close.
    /// </summary>
    /// <param name="bars">The bars.</param>
    public static TimeSeries FromPrices(BarSeries bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        return FromPrices(new TimeSeries(bars.Symbol, bars.Time, bars.Close));
    }

    /// <summary>
    /// Prepares a series that already holds simple returns (spec §2.1 without price detection): NaN and ±∞ become 0
    /// and are counted; rows are kept, so the length is unchanged.
    /// </summary>
    /// <param name="returns">Simple returns per period (fractions).</param>
    public static PreparedReturns FromReturns(TimeSeries returns)
    {
        ArgumentNullException.ThrowIfNull(returns);
        var values = (double[])returns.Values.Clone();
        int replaced = ReplaceNonFinite(values, out int first);
        string message = replaced == 0
            ? ""
            : string.Create(CultureInfo.InvariantCulture,
                $"replaced {replaced:N0} non-finite {returns.Name} return{(replaced == 1 ? "" : "s")} with 0 (first on {returns.Time[first]:yyyy-MM-dd})");
        return new PreparedReturns(new TimeSeries(returns.Name, returns.Time, values), replaced, message);
    }

    /// <summary>Replaces NaN and ±∞ by 0 in place; returns how many were replaced and the first index (−1 when none).</summary>
    internal static int ReplaceNonFinite(Span<double> values, out int first)
    {
        int count = 0;
        first = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i])) continue;
            values[i] = 0;
            if (count++ == 0) first = i;
        }
        return count;
    }

    static TimeSeries Chain(TimeSeries levels, double start, int skip)
    {
        int n = Math.Max(levels.Count - skip, 0);
        var time = new DateTime[n];
        var values = new double[n];
        double previous = skip == 0 ? start : (levels.Count > 0 ? levels.Values[0] : double.NaN);
        for (int i = 0; i < n; i++)
        {
            double level = levels.Values[i + skip];
            time[i] = levels.Time[i + skip];
            values[i] = level / previous - 1;
            previous = level;
        }
        return new TimeSeries(levels.Name, time, values);
    }
}
