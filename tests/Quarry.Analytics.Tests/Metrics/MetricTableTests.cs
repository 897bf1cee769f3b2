using Quarry.Analytics.Metrics;
using Quarry.Core;
using static Quarry.Analytics.Tests.Metrics.Fixtures;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>The full table: order, keys, consistency with <see cref="Stats"/>, benchmark and gross columns, options.</summary>
public class MetricTableTests
{
    static readonly MetricOptions Defaults = new();

    [Fact]
    public void Rows_follow_the_tearsheet_order()
    {
        var keys = MetricTable.Compute(Days(8), A, B, Defaults).Select(m => m.Key).ToList();
        Assert.Equal(["exposure", "comp", "cagr"], keys.Take(3));
        Assert.True(keys.IndexOf("sharpe") < keys.IndexOf("sortino"));
        Assert.True(keys.IndexOf("max_drawdown") < keys.IndexOf("volatility"));
        Assert.True(keys.IndexOf("payoff_ratio") < keys.IndexOf("best"));
        Assert.Equal("beta", keys[keys.IndexOf("alpha") - 1]);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(MetricTable.Keys, keys);
    }

    [Fact]
    public void Every_row_equals_its_Stats_function()
    {
        var rows = MetricTable.Compute(Days(8), A, B, Defaults);
        foreach (var row in rows)
        {
            double expected = MetricFunctions.PerSeries.TryGetValue(row.Key, out var single) ? single(A)
                : MetricFunctions.TableOnly.TryGetValue(row.Key, out var table) ? table(A)
                : MetricFunctions.Relative[row.Key](A, B);
            Approx.Equal(expected, row.Strategy, 1e-12, 1e-15);
        }
        Assert.Equal(MetricTable.Keys.Count, rows.Count);
    }

    [Fact]
    public void Benchmark_column_is_the_same_metric_on_the_benchmark()
    {
        var rows = MetricTable.Compute(Days(8), A, B, Defaults);
        foreach (var row in rows)
        {
            if (MetricTable.IsBenchmarkRelative(row.Key)) Assert.True(double.IsNaN(row.Benchmark), row.Key);
            else if (MetricFunctions.PerSeries.TryGetValue(row.Key, out var single)) Approx.Equal(single(B), row.Benchmark, 1e-12, 1e-15);
            else Approx.Equal(MetricFunctions.TableOnly[row.Key](B), row.Benchmark, 1e-12, 1e-15);
        }
    }

    [Fact]
    public void Aggregated_rows_on_calendar_months()
    {
        var (time, r) = ReturnStatsTests.MonthlySeries();
        var d = MetricTable.ToDictionary(time, r, [], Defaults);
        // months: −0.0102, 0.029897, −0.0106; years: −0.0102, 0.0189800918 (ReturnStatsTests)
        Approx.Equal(0.029897, d["best_month"]);
        Approx.Equal(-0.0106, d["worst_month"]);
        Approx.Equal(0.0189800918, d["best_year"]);
        Approx.Equal(1.0 / 3, d["win_month"]);
        Approx.Equal(0.5, d["win_quarter"]);
        Approx.Equal(0.5, d["win_year"]);
        Approx.Equal(0.029897, d["avg_up_month"]);
        Approx.Equal(-0.0104, d["avg_down_month"]);
        Approx.Equal(0.5, d["gain_to_pain_ratio_1m"], 1e-12);
        Approx.Equal(0.01 / 0.06, d["gain_to_pain_ratio"], 1e-12);
    }

    [Fact]
    public void Without_a_benchmark_relative_rows_are_absent()
    {
        var rows = MetricTable.Compute(Days(8), A, [], Defaults);
        Assert.DoesNotContain(rows, m => MetricTable.IsBenchmarkRelative(m.Key));
        Assert.All(rows, m => Assert.True(double.IsNaN(m.Benchmark)));
        Assert.Contains(rows, m => m.Key == "sharpe");
        Assert.True(MetricTable.IsBenchmarkRelative("beta"));
        Assert.False(MetricTable.IsBenchmarkRelative("sharpe"));
    }

    [Fact]
    public void NaN_and_infinities_in_the_input_are_prepared_as_zero()
    {
        double[] dirty = [0.02, double.NaN, 0.03, -0.02, double.PositiveInfinity, 0.0, 0.04, -0.03];
        double[] clean = [0.02, 0, 0.03, -0.02, 0, 0.0, 0.04, -0.03];
        var a = MetricTable.Compute(Days(8), dirty, B, Defaults);
        var b = MetricTable.Compute(Days(8), clean, B, Defaults);
        for (int i = 0; i < a.Count; i++) Approx.Equal(b[i].Strategy, a[i].Strategy, 0, 0);
    }

    [Fact]
    public void Options_reach_the_metrics()
    {
        var options = new MetricOptions { RiskFree = 0.05, PeriodsPerYear = 252, VarConfidence = 0.99 };
        var d = MetricTable.ToDictionary(Days(8), A, B, options);
        Approx.Equal(Stats.Sharpe(A, 0.05), d["sharpe"], 1e-12);
        Approx.Equal(Stats.Sortino(A, 0.05), d["sortino"], 1e-12);
        Approx.Equal(Stats.Omega(A, 0.05), d["omega"], 1e-12);
        Approx.Equal(Stats.ValueAtRisk(A, 1, 0.99), d["var"], 1e-12);
        Approx.Equal(Stats.UlcerPerformanceIndex(A, 0.05), d["ulcer_performance_index"], 1e-12);
        Approx.Equal(Stats.TreynorRatio(A, B, 0.05), d["treynor_ratio"], 1e-12);
        Approx.Equal(Stats.Cagr(A), d["cagr"], 1e-12);   // rf ignored
        var weekly = MetricTable.ToDictionary(Days(8), A, [], new MetricOptions { PeriodsPerYear = 52 });
        Approx.Equal(Stats.Sharpe(A, 0, 52), weekly["sharpe"], 1e-12);
    }

    [Fact]
    public void Labels_name_the_data_period()
    {
        string Label(double periods, string key) =>
            MetricTable.Compute(Days(8), A, [], new MetricOptions { PeriodsPerYear = periods }).Single(m => m.Key == key).Label;
        Assert.Equal("Expected Daily", Label(252, "expected_return"));
        Assert.Equal("Best Day", Label(252, "best"));
        Assert.Equal("Win Days", Label(252, "win_rate"));
        Assert.Equal("Expected Weekly", Label(52, "expected_return"));
        Assert.Equal("Daily Value-at-Risk", Label(252, "var"));
        Assert.Equal("Per-Period Value-at-Risk", Label(1638, "var"));
    }

    [Fact]
    public void Formats_match_the_kind_of_value()
    {
        var rows = MetricTable.Compute(Days(8), A, B, Defaults).ToDictionary(m => m.Key);
        Assert.Equal(MetricFormat.Percent, rows["cagr"].Format);
        Assert.Equal(MetricFormat.Number, rows["sharpe"].Format);
        Assert.Equal(MetricFormat.Integer, rows["consecutive_wins"].Format);
        Assert.Equal(MetricFormat.Integer, rows["longest_dd_days"].Format);
    }

    [Fact]
    public void Gross_column_is_computed_from_returns_before_costs()
    {
        double[] gross = Array.ConvertAll(A, v => v + 0.001);
        var rows = MetricTable.Compute(Days(8), A, B, Defaults, gross);
        var d = rows.ToDictionary(m => m.Key);
        Approx.Equal(Stats.Sharpe(gross), d["sharpe"].Gross, 1e-12);
        Approx.Equal(Stats.Beta(gross, B), d["beta"].Gross, 1e-12);
        Approx.Equal(Stats.Sharpe(A), d["sharpe"].Strategy, 1e-12);
        Assert.All(MetricTable.Compute(Days(8), A, B, Defaults), m => Assert.True(double.IsNaN(m.Gross)));
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var error = Assert.Throws<QuarryException>(() =>
            MetricTable.Compute(Days(8), A, [], new MetricOptions { PeriodsPerYear = 0 }));
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Contains("PeriodsPerYear", error.Message, StringComparison.Ordinal);
        Assert.Throws<QuarryException>(() => new MetricOptions { VarConfidence = 95 }.Validate());
        Assert.Throws<QuarryException>(() => new MetricOptions { RiskFree = double.NaN }.Validate());
    }

    [Fact]
    public void Unsorted_time_and_misaligned_series_are_rejected()
    {
        var days = Days(8);
        (days[3], days[4]) = (days[4], days[3]);
        var error = Assert.Throws<QuarryException>(() => MetricTable.Compute(days, A, [], Defaults));
        Assert.Equal(ErrorCode.InvalidData, error.Code);
        Assert.Throws<ArgumentException>(() => MetricTable.Compute(Days(7), A, [], Defaults));
        Assert.Throws<ArgumentException>(() => MetricTable.Compute(Days(8), A, B[..7], Defaults));
    }

    [Fact]
    public void Empty_input_gives_a_table_of_undefined_values()
    {
        var d = MetricTable.ToDictionary([], [], [], Defaults);
        Assert.True(double.IsNaN(d["sharpe"]));
        Assert.Equal(0, d["comp"]);
        Assert.True(double.IsNaN(d["max_drawdown"]));
        Assert.True(double.IsNaN(d["longest_dd_days"]));
    }

    [Fact]
    public void Real_length_series_gives_finite_headline_metrics()
    {
        double[] r = Random(5000), b = Random(5000, seed: 5);
        var d = MetricTable.ToDictionary(BusinessDays(5000), r, b, Defaults);
        foreach (string key in new[] { "sharpe", "sortino", "cagr", "volatility", "max_drawdown", "calmar", "beta", "alpha",
                     "var", "cvar", "skew", "kurtosis", "serenity_index", "ulcer_index", "longest_dd_days", "best_year" })
            Assert.True(double.IsFinite(d[key]), key);
        Approx.Equal(Stats.Sharpe(r), d["sharpe"], 1e-12);
        Approx.Equal(Stats.Beta(r, b), d["beta"], 1e-12);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1001)]
    [InlineData(5000)]
    public void Long_series_rows_equal_their_Stats_functions(int n)
    {
        // The table orders only the tails of long series; every quantile row must still equal the full-sort value.
        double[] r = Random(n, seed: n), b = Random(n, seed: n + 1);
        r[n / 3] = 0.5;   // an outlier stretches the histogram the partial order uses
        var time = Days(n);
        var rows = MetricTable.Compute(time, r, b, Defaults);
        foreach (var row in rows)
        {
            double expected = MetricFunctions.PerSeries.TryGetValue(row.Key, out var single) ? single(r)
                : MetricFunctions.TableOnly.TryGetValue(row.Key, out var table) ? table(r)
                : MetricFunctions.Relative[row.Key](r, b);
            Approx.Equal(expected, row.Strategy, 1e-9, 1e-15);
        }
    }
}
