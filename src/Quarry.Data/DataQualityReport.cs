namespace Quarry.Data;

/// <summary>
/// What <see cref="DataQuality"/> found. File problems are in <see cref="Issues"/>; when there are any, the file did not
/// load and the statistics are empty (<see cref="Rows"/> 0, <see cref="First"/> null, empty lists).
/// Times are those of the series (<see cref="DateTimeKind.Unspecified"/>).
/// </summary>
public sealed record DataQualityReport
{
    /// <summary>The file path, or the symbol for a checked series.</summary>
    public required string Source { get; init; }

    /// <summary>Number of bars.</summary>
    public int Rows { get; init; }

    /// <summary>Time of the first bar, or null when there are none.</summary>
    public DateTime? First { get; init; }

    /// <summary>Time of the last bar, or null when there are none.</summary>
    public DateTime? Last { get; init; }

    /// <summary>The bar spacing inferred from <see cref="MedianSpacing"/>.</summary>
    public BarInterval Interval { get; init; }

    /// <summary>Median time between consecutive bars (the lower median); zero with fewer than two bars.</summary>
    public TimeSpan MedianSpacing { get; init; }

    /// <summary>
    /// Gaps the calendar does not explain, oldest first. Daily data: more than
    /// <see cref="DataQualityOptions.ToleratedMissingWeekdays"/> weekdays missing between two bars. Monthly data: a month
    /// without a bar. Intraday data (median spacing under 20 hours): spacing above the median that is not a weekend
    /// (a weekend gap spans a Saturday and lasts at most 72 hours). Other spacings are not analysed.
    /// </summary>
    public IReadOnlyList<DataGap> Gaps { get; init; } = [];

    /// <summary>Number of bars with zero volume.</summary>
    public int ZeroVolumeBars { get; init; }

    /// <summary>Whether every bar has zero volume (as when the source has no volume); false with no bars.</summary>
    public bool AllVolumeZero { get; init; }

    /// <summary>The threshold used for <see cref="Jumps"/>, as a fraction.</summary>
    public double JumpThreshold { get; init; }

    /// <summary>Bars whose close-to-close return exceeds <see cref="JumpThreshold"/> in absolute value, oldest first.</summary>
    public IReadOnlyList<PriceJump> Jumps { get; init; } = [];

    /// <summary>Number of bars where Open, High, Low and Close are all equal.</summary>
    public int FlatBars { get; init; }

    /// <summary>File problems in the order found (row by row, then ordering problems), up to <see cref="DataQualityOptions.MaxIssues"/>; empty for a checked series.</summary>
    public IReadOnlyList<DataIssue> Issues { get; init; } = [];

    /// <summary>Total number of file problems, including those not listed in <see cref="Issues"/>.</summary>
    public int IssueCount { get; init; }

    /// <summary>Whether the file had no problems (and so loaded and has statistics).</summary>
    public bool IsValid => IssueCount == 0;
}
