namespace Quarry.Data;

/// <summary>The bar spacing inferred from the median time between consecutive bars.</summary>
public enum BarInterval
{
    /// <summary>Fewer than two bars, so no spacing.</summary>
    Unknown,
    /// <summary>Median spacing of one hour (within five minutes).</summary>
    Hourly,
    /// <summary>Median spacing between 20 hours and 4 days: one bar per trading day.</summary>
    Daily,
    /// <summary>Median spacing between 27 and 32 days: one bar per month.</summary>
    Monthly,
    /// <summary>Any other spacing, such as minutes or weeks.</summary>
    Other,
}
