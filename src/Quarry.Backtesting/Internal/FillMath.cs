using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Internal;

/// <summary>Price and quantity rules shared by every execution path.</summary>
internal static class FillMath
{
    /// <summary>The raw price moved against the trader by <paramref name="bps"/> basis points.</summary>
    public static double Adverse(double raw, bool buy, double bps) =>
        bps == 0 ? raw : raw * (buy ? 1 + bps * 1e-4 : 1 - bps * 1e-4);

    /// <summary>
    /// The largest quantity whose value plus commission fits in <paramref name="cash"/>: whole shares by binary
    /// search (exact for any commission that grows with quantity), or a fractional amount refined the same way.
    /// </summary>
    public static double Affordable(double cash, double price, ICommissionModel commission, string symbol, bool fractional)
    {
        if (!(cash > 0) || !(price > 0)) return 0;
        double upper = cash / price;
        if (fractional)
        {
            double lo = 0, hi = upper;
            for (int k = 0; k < 80 && hi - lo > 1e-12 * upper; k++)
            {
                double mid = 0.5 * (lo + hi);
                if (Fits(mid)) lo = mid; else hi = mid;
            }
            return lo;
        }
        long low = 0, high = (long)Math.Floor(upper);
        if (Fits(high)) return high;
        while (high - low > 1)
        {
            long mid = low + (high - low) / 2;
            if (Fits(mid)) low = mid; else high = mid;
        }
        return low;

        bool Fits(double q) => q * price + commission.Commission(new CommissionContext(symbol, q, price)) <= cash;
    }

    /// <summary>
    /// Signed quantity an order of <paramref name="size"/> trades at <paramref name="price"/>; whole shares are
    /// rounded toward zero. Shorting and cash limits are applied by the caller.
    /// </summary>
    public static double Resolve(OrderSize size, bool buy, double price, double cash, double equity, double position,
        ICommissionModel commission, string symbol, bool fractional)
    {
        int sign = buy ? 1 : -1;
        double q = size.Kind switch
        {
            SizeKind.Shares => sign * Math.Abs(size.Amount),
            SizeKind.Value => sign * Math.Abs(size.Amount) / price,
            SizeKind.PercentOfEquity => sign * Math.Abs(size.Amount) * Math.Max(equity, 0) / price,
            SizeKind.TargetPercent => size.Amount * Math.Max(equity, 0) / price - position,
            SizeKind.WholePosition => -position,
            SizeKind.AllIn when buy => Affordable(cash, price, commission, symbol, fractional),
            SizeKind.AllIn => position > 0 ? -position : -Affordable(Math.Max(equity, 0), price, commission, symbol, fractional),
            _ => 0,
        };
        return fractional ? q : Math.Truncate(q);
    }
}
