namespace Quarry.Backtesting.Engine;

/// <summary>When market orders submitted at a bar's close are filled.</summary>
public enum FillTiming
{
    /// <summary>At the next bar's open (default; no look-ahead).</summary>
    NextOpen,
    /// <summary>At the close of the bar that produced the signal (the signal must be computable before the close prints).</summary>
    Close,
}
