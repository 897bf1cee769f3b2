namespace Quarry.Analytics.Metrics;

/// <summary>
/// A calendar period to aggregate returns into (QuantStats' <c>aggregate=</c> values 'D', 'ME', 'QE' and 'YE'):
/// each calendar day, month, quarter or year with data becomes one return.
/// </summary>
public enum AggregationPeriod
{
    /// <summary>Calendar day (QuantStats 'D' resampling; unchanged for daily data).</summary>
    Day,
    /// <summary>Calendar month of a year (QuantStats 'ME' / 'eom').</summary>
    Month,
    /// <summary>Calendar quarter of a year (QuantStats 'QE' / 'eoq').</summary>
    Quarter,
    /// <summary>Calendar year (QuantStats 'YE' / 'eoy').</summary>
    Year,
}
