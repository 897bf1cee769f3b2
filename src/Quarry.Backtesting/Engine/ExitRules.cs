namespace Quarry.Backtesting.Engine;

/// <summary>
/// Protective exits the engine manages for every position. Fractions are of the average entry price
/// (0.05 = 5 %); NaN or 0 disables a rule. Stops fill at the stop price, or at the open when the bar
/// gaps through it, with slippage; the profit target fills like a limit order. When a stop and the
/// target both trade within one bar the stop is assumed to come first (the conservative choice).
/// </summary>
public sealed record ExitRules
{
    /// <summary>No protective exits.</summary>
    public static ExitRules None { get; } = new();

    /// <summary>Hard stop: exit when price moves this fraction against the entry.</summary>
    public double StopLoss { get; init; } = double.NaN;

    /// <summary>Trailing stop: exit when price falls this fraction from the best high (long) or low (short) seen since entry.</summary>
    public double TrailingStop { get; init; } = double.NaN;

    /// <summary>Profit target: exit when price moves this fraction in favour of the entry.</summary>
    public double TakeProfit { get; init; } = double.NaN;

    /// <summary>
    /// Time stop: close the position at the first opportunity after it has been held this many bars (0 = off), so
    /// that the trade's BarsHeld equals this number with either fill timing.
    /// </summary>
    public int TimeStopBars { get; init; }

    /// <summary>ATR stop: exit this many ATRs (measured at the signal bar) against the entry price.</summary>
    public double AtrStopMultiple { get; init; } = double.NaN;

    /// <summary>ATR period (Wilder) for <see cref="AtrStopMultiple"/>.</summary>
    public int AtrPeriod { get; init; } = 14;

    /// <summary>True when at least one rule is active.</summary>
    public bool Any => On(StopLoss) || On(TrailingStop) || On(TakeProfit) || TimeStopBars > 0 || On(AtrStopMultiple);

    internal static bool On(double value) => value > 0;

    /// <summary>Throws a <see cref="Core.QuarryException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check(StopLoss, "stop-loss", 1);
        Check(TrailingStop, "trailing-stop", 1);
        Check(TakeProfit, "take-profit", double.MaxValue);
        Check(AtrStopMultiple, "atr-stop", double.MaxValue);
        if (TimeStopBars < 0) throw Invalid("time-stop", TimeStopBars, "a number of bars ≥ 0");
        if (AtrPeriod < 1) throw Invalid("atr-period", AtrPeriod, "a period ≥ 1");
    }

    static void Check(double value, string name, double max)
    {
        if (double.IsNaN(value)) return;
        if (value < 0 || value >= max) throw Invalid(name, value, max == 1 ? "a fraction in (0, 1), e.g. 0.05 for 5 %" : "a positive number");
    }

    static Core.QuarryException Invalid(string name, double value, string expected) =>
        new(Core.ErrorCode.InvalidParameter, $"Exit rule '{name}' = {value} is invalid: expected {expected}.");
}
