namespace Quarry.Analytics.Metrics.Internal;

/// <summary>What the benchmark-relative rows of a <see cref="MetricTable"/> need, from the two prepared series.</summary>
internal sealed class PairContext
{
    public PairContext(SeriesContext strategy, SeriesContext benchmark)
    {
        ReadOnlySpan<double> r = strategy.Returns, b = benchmark.Returns;
        Periods = strategy.Periods;
        RiskFree = strategy.RiskFree;
        StrategyComp = strategy.Comp;
        Moments = PairMoments.Of(r, b);
        Active = BenchmarkStats.Active(r, b);
        Capture = BenchmarkStats.Capture(r, b, Periods, PairFilter.All);
        UpCapture = BenchmarkStats.Capture(r, b, Periods, PairFilter.BenchmarkUp);
        DownCapture = BenchmarkStats.Capture(r, b, Periods, PairFilter.BenchmarkDown);
        Fragility = BenchmarkStats.BetaFragilityHeuristic(r, b);
    }

    public double Periods { get; }
    public double RiskFree { get; }
    public double StrategyComp { get; }
    public PairMoments Moments { get; }
    public Moments Active { get; }
    public double Capture { get; }
    public double UpCapture { get; }
    public double DownCapture { get; }
    public double Fragility { get; }

    public double Beta => BenchmarkStats.Beta(Moments);

    public double Treynor => Beta == 0 ? 0 : (StrategyComp - RiskFree) / Beta;
}
