namespace Quarry.Analytics.Metrics;

/// <summary>How a metric is displayed.</summary>
public enum MetricFormat
{
    /// <summary>A fraction shown as a percentage.</summary>
    Percent,
    /// <summary>A plain ratio or number.</summary>
    Number,
    /// <summary>A count.</summary>
    Integer,
}

/// <summary>One row of a metrics table: the spec's snake_case key, a label, and the values for the strategy and benchmark.</summary>
/// <param name="Key">snake_case name from the metrics spec, e.g. "sharpe".</param>
/// <param name="Label">Human label, e.g. "Sharpe".</param>
/// <param name="Strategy">Strategy value (NaN when undefined).</param>
/// <param name="Benchmark">Benchmark value (NaN without a benchmark or when not applicable).</param>
/// <param name="Format">Display format.</param>
/// <param name="Gross">The strategy's value before trading costs (NaN when not computed).</param>
public sealed record MetricValue(string Key, string Label, double Strategy, double Benchmark, MetricFormat Format, double Gross = double.NaN);
