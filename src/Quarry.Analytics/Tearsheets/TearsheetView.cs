namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// The series a renderer derives from a <see cref="Tearsheet"/> once: growth-of-1 curves and drawdowns of the
/// strategy, the benchmark and the gross returns. Optional inputs whose length differs from <see cref="Tearsheet.Time"/>
/// are treated as absent. Immutable after construction.
/// </summary>
internal sealed class TearsheetView
{
    /// <summary>Derives the curves of <paramref name="t"/>.</summary>
    public TearsheetView(Tearsheet t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Returns.Length != t.Time.Length)
            throw new ArgumentException(
                $"Tearsheet '{t.Title}' has {t.Returns.Length} returns but {t.Time.Length} timestamps; they must align.", nameof(t));
        Length = t.Time.Length;
        Wealth = ChartSeries.Wealth(t.Returns);
        Drawdown = ChartSeries.Drawdown(Wealth);
        if (t.BenchmarkReturns is { } b && b.Length == Length)
        {
            BenchmarkWealth = ChartSeries.Wealth(b);
            BenchmarkDrawdown = ChartSeries.Drawdown(BenchmarkWealth);
        }
        if (t.GrossReturns is { } g && g.Length == Length) GrossWealth = ChartSeries.Wealth(g);
    }

    /// <summary>Number of periods.</summary>
    public int Length { get; }

    /// <summary>Strategy growth of 1.</summary>
    public double[] Wealth { get; }

    /// <summary>Strategy drawdown, fractions ≤ 0.</summary>
    public double[] Drawdown { get; }

    /// <summary>Benchmark growth of 1, or null.</summary>
    public double[]? BenchmarkWealth { get; }

    /// <summary>Benchmark drawdown, or null.</summary>
    public double[]? BenchmarkDrawdown { get; }

    /// <summary>Growth of 1 before trading costs, or null.</summary>
    public double[]? GrossWealth { get; }

    /// <summary>Whether benchmark returns aligned on the time axis are present.</summary>
    public bool HasBenchmark => BenchmarkWealth is not null;

    /// <summary>The series when it is aligned on the time axis and has a finite value, else null.</summary>
    public double[]? Aligned(double[] series)
    {
        if (series.Length != Length) return null;
        foreach (double v in series) if (double.IsFinite(v)) return series;
        return null;
    }
}
