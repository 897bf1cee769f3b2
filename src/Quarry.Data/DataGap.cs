namespace Quarry.Data;

/// <summary>A stretch without bars that the calendar does not explain (see <see cref="DataQualityReport.Gaps"/>).</summary>
/// <param name="Start">Time of the last bar before the gap.</param>
/// <param name="End">Time of the first bar after the gap.</param>
/// <param name="Missing">How many bars are missing: weekdays for daily data, months for monthly data,
/// bar intervals outside weekends for intraday data.</param>
public sealed record DataGap(DateTime Start, DateTime End, int Missing);
