using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Sizing;
using Quarry.Core;

namespace Quarry.Backtesting.Engine;

/// <summary>
/// Everything about a backtest except the strategy and the data. Immutable; one instance can be shared by
/// every run of a sweep. Fractions are plain (0.001 = 0.1 %); basis points are 1/10,000.
/// </summary>
public sealed record BacktestOptions
{
    /// <summary>Starting cash.</summary>
    public double InitialCash { get; init; } = 100_000;

    /// <summary>Commission charged on every fill (entries and exits).</summary>
    public ICommissionModel Commission { get; init; } = ZeroCommission.Instance;

    /// <summary>Adverse slippage on market and stop fills, in basis points of price.</summary>
    public double SlippageBps { get; init; }

    /// <summary>Full bid-ask spread in basis points; half of it is paid on every market and stop fill.</summary>
    public double SpreadBps { get; init; }

    /// <summary>When market orders fill.</summary>
    public FillTiming Fill { get; init; } = FillTiming.NextOpen;

    /// <summary>How large entries made with GoLong/GoShort are.</summary>
    public ISizer Sizer { get; init; } = AllInSizer.Instance;

    /// <summary>Whether sell signals may open short positions.</summary>
    public bool AllowShort { get; init; }

    /// <summary>Whether fractional shares may be traded (whole shares by default).</summary>
    public bool FractionalShares { get; init; }

    /// <summary>Protective exits applied to every position.</summary>
    public ExitRules Exits { get; init; } = ExitRules.None;

    /// <summary>
    /// Whether positions still open when the data ends are closed at the last close (paying commission).
    /// By default they stay open and are marked to the last close.
    /// </summary>
    public bool CloseAtEnd { get; init; }

    /// <summary>Bars per year used to annualise metrics; 0 infers it from the bar spacing.</summary>
    public double PeriodsPerYear { get; init; }

    /// <summary>Throws a <see cref="QuarryException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(InitialCash > 0) || double.IsInfinity(InitialCash))
            throw Invalid("cash", InitialCash, "a positive amount, e.g. --cash 100000");
        if (!(SlippageBps >= 0) || SlippageBps >= 10_000)
            throw Invalid("slippage-bps", SlippageBps, "basis points in [0, 10000), e.g. --slippage-bps 5");
        if (!(SpreadBps >= 0) || SpreadBps >= 10_000)
            throw Invalid("spread-bps", SpreadBps, "basis points in [0, 10000), e.g. --spread-bps 2");
        if (!(PeriodsPerYear >= 0)) throw Invalid("periods-per-year", PeriodsPerYear, "a positive number or 0 to infer");
        Exits.Validate();
    }

    static QuarryException Invalid(string name, double value, string expected) =>
        new(ErrorCode.InvalidParameter, $"Option '--{name}' = {value} is invalid: expected {expected}.");
}
