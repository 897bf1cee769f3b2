using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Sizing;

/// <summary>
/// Fractional Kelly from the backtest's own closed trades: f* = W − (1 − W) / R with W the win rate and
/// R = average win / average loss; weight = clamp(f* × <c>scale</c>, 0, <c>cap</c>). Until
/// <c>minTrades</c> trades have closed, the weight is <c>initial</c>.
/// </summary>
public sealed class KellySizer : ISizer
{
    /// <summary>Creates the sizer.</summary>
    /// <param name="scale">Fraction of full Kelly, e.g. 0.5 for half Kelly.</param>
    /// <param name="cap">Largest weight allowed.</param>
    /// <param name="minTrades">Closed trades needed before Kelly is used.</param>
    /// <param name="initial">Weight used before that.</param>
    public KellySizer(double scale = 0.5, double cap = 1, int minTrades = 10, double initial = 0.25)
    {
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Kelly scale must be > 0.");
        if (!(cap > 0)) throw new ArgumentOutOfRangeException(nameof(cap), cap, "Kelly cap must be > 0.");
        ArgumentOutOfRangeException.ThrowIfNegative(minTrades);
        if (!(initial >= 0)) throw new ArgumentOutOfRangeException(nameof(initial), initial, "Initial weight must be ≥ 0.");
        Scale = scale;
        Cap = cap;
        MinTrades = minTrades;
        Initial = initial;
    }

    /// <summary>Fraction of full Kelly.</summary>
    public double Scale { get; }

    /// <summary>Largest weight.</summary>
    public double Cap { get; }

    /// <summary>Closed trades needed before Kelly is used.</summary>
    public int MinTrades { get; }

    /// <summary>Weight before <see cref="MinTrades"/> trades have closed.</summary>
    public double Initial { get; }

    /// <summary>Full-Kelly fraction for a win rate and payoff ratio; −∞ … 1.</summary>
    public static double KellyFraction(double winRate, double payoff) =>
        payoff > 0 ? winRate - (1 - winRate) / payoff : (winRate >= 1 ? 1 : double.NegativeInfinity);

    /// <inheritdoc />
    public OrderSize Size(in SizingContext context)
    {
        if (context.ClosedTrades < MinTrades || context.ClosedTrades == 0)
            return OrderSize.PercentOfEquity(Math.Min(Initial, Cap));
        double winRate = (double)context.Wins / context.ClosedTrades;
        double payoff = context.AverageLoss > 0 ? context.AverageWin / context.AverageLoss : double.PositiveInfinity;
        double f = double.IsPositiveInfinity(payoff) ? 1 : KellyFraction(winRate, payoff);
        return OrderSize.PercentOfEquity(Math.Clamp(f * Scale, 0, Cap));
    }

    /// <inheritdoc />
    public override string ToString() => $"kelly:{Scale}:{Cap}";
}
