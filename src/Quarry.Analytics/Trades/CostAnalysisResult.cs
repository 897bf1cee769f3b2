using Quarry.Analytics.Metrics;

namespace Quarry.Analytics.Trades;

/// <summary>The strategy's returns before trading costs, and the cost rows of the report.</summary>
/// <param name="GrossReturns">Returns per bar before commissions, slippage and spread, aligned on <c>BacktestResult.Time</c>.</param>
/// <param name="Rows">total_fees, fees_pct, slippage_cost, slippage_pct, cost_drag (see <see cref="CostAnalysis.Compute"/>).</param>
public sealed record CostAnalysisResult(double[] GrossReturns, IReadOnlyList<MetricValue> Rows);
