namespace Quarry.Data;

/// <summary>A close-to-close move larger than the threshold (see <see cref="DataQualityReport.Jumps"/>).</summary>
/// <param name="Time">Time of the bar whose close jumped.</param>
/// <param name="Return">The simple return from the previous close, as a fraction (0.5 = +50%).</param>
public sealed record PriceJump(DateTime Time, double Return);
