namespace Quarry.Analytics.Inputs;

/// <summary>Dates one side of an alignment had that did not make it into the aligned series.</summary>
/// <param name="Count">Number of dropped dates (0 when none).</param>
/// <param name="First">Earliest dropped date; null when none.</param>
/// <param name="Last">Latest dropped date; null when none.</param>
public sealed record DroppedDates(int Count, DateTime? First, DateTime? Last)
{
    /// <summary>No dropped dates.</summary>
    public static DroppedDates None { get; } = new(0, null, null);
}
