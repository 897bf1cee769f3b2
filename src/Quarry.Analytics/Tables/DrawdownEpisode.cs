namespace Quarry.Analytics.Tables;

/// <summary>
/// One underwater episode of an equity curve (QuantStats <c>drawdown_details</c>): from the first row below the
/// previous peak to the row where equity is back at the peak.
/// </summary>
/// <param name="Start">First underwater row.</param>
/// <param name="Valley">Row of the episode's minimum (first occurrence).</param>
/// <param name="End">Row where the peak is regained; null while still underwater at the end of the data.</param>
/// <param name="Days">QuantStats' <c>days</c>: calendar days from Start to <see cref="LastUnderwater"/>, plus 1.</param>
/// <param name="Periods">Rows in the episode.</param>
/// <param name="Depth">The episode's deepest drawdown, a fraction ≤ 0.</param>
/// <param name="Depth99">QuantStats' "99 % max drawdown" of the episode, a fraction ≤ 0; NaN when nothing is left after dropping the deepest 1 % (a one-row episode, or equal drawdowns on every row).</param>
/// <param name="RecoveryDays">Calendar days from Valley to End; null when not recovered.</param>
public sealed record DrawdownEpisode(DateTime Start, DateTime Valley, DateTime? End, int Days, int Periods, double Depth,
    double Depth99, int? RecoveryDays)
{
    /// <summary>
    /// The last underwater row — QuantStats' <c>end</c> column (the last row of the data when not recovered).
    /// <see cref="End"/> is the row after it, where the peak is regained.
    /// </summary>
    public DateTime LastUnderwater { get; init; }
}
