using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Sizing;
using Quarry.Core;

namespace Quarry.Backtesting.Internal;

/// <summary>The result of trying to fill an order: the signed quantity booked, or why nothing was.</summary>
internal readonly record struct FillOutcome(double Quantity, double Price, double Commission, string? Problem, double Slippage = 0);

/// <summary>
/// Turns an order size and a raw price into a booked fill: direction, slippage, rounding, shorting and cash limits,
/// commission. The one place these rules live, used by the engine and the vectorised path alike.
/// </summary>
internal static class Execution
{
    public static FillOutcome Fill(Ledger ledger, ReadOnlySpan<double> marks, BacktestOptions options, int s, BarSeries series,
        int bar, OrderSize size, bool sideBuy, double raw, bool slippage, int signalBar, double atr)
    {
        double position = ledger.Position(s), equity = ledger.Equity(marks), cash = ledger.Cash;
        bool buy = size.Kind switch
        {
            SizeKind.WholePosition => position < 0,
            SizeKind.TargetPercent => size.Amount * Math.Max(equity, 0) / raw > position,
            _ => sideBuy,
        };
        double price = slippage ? FillMath.Adverse(raw, buy, CostBps(options)) : raw;
        var commission = options.Commission;
        double q = FillMath.Resolve(size, buy, price, cash, equity, position, commission, series.Symbol, options.FractionalShares);
        string? problem = null;
        if (q < 0 && !options.AllowShort && position + q < 0)
        {
            q = -Math.Max(position, 0);
            if (q == 0) problem = "shorting is not allowed (use --allow-short)";
        }
        if (q > 0 && q * price + commission.Commission(new CommissionContext(series.Symbol, q, price)) > cash)
        {
            double cover = Math.Max(-position, 0);
            q = Math.Max(FillMath.Affordable(cash, price, commission, series.Symbol, options.FractionalShares), Math.Min(q, cover));
            if (q == 0) problem = "not enough cash";
        }
        if (q == 0)
            return new FillOutcome(0, double.NaN, 0,
                problem ?? (position == 0 && size.Kind == SizeKind.WholePosition ? "no position to close" : "size rounds to 0 shares"));
        double fee = commission.Commission(new CommissionContext(series.Symbol, Math.Abs(q), price));
        double slippageCost = Math.Abs(price - raw) * Math.Abs(q);
        ledger.Fill(s, series.Time[bar], bar, signalBar, q, price, fee, slippageCost, atr);
        return new FillOutcome(q, price, fee, null, slippageCost);
    }

    public static SizingContext Sizing(Ledger ledger, BarSeries series, int signalBar, double raw, bool buy, double equity,
        double atr, BacktestOptions options)
    {
        int losses = ledger.ClosedTrades - ledger.Wins;
        return new SizingContext(series, signalBar, FillMath.Adverse(raw, buy, CostBps(options)), ledger.Cash, equity, atr,
            ledger.ClosedTrades, ledger.Wins, ledger.Wins > 0 ? ledger.SumWins / ledger.Wins : 0,
            losses > 0 ? ledger.SumLosses / losses : 0);
    }

    static double CostBps(BacktestOptions options) => options.SlippageBps + options.SpreadBps / 2;
}
