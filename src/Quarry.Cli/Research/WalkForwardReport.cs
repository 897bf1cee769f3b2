using System.Globalization;
using System.Text.Json;
using Quarry.Backtesting.Results;
using Quarry.Cli.Output;

namespace Quarry.Cli.Research;

/// <summary>A pass/fail gate of a walk-forward run.</summary>
internal sealed record WalkForwardGate(string Name, bool Passed, string Detail);

/// <summary>The stitched out-of-sample curve, segment statistics, efficiency and gates.</summary>
internal sealed record WalkForwardReport(
    IReadOnlyList<WalkForwardSegment> Segments, DateTime[] Time, double[] Equity, PerformanceSummary Stitched,
    double OosSharpeMean, double OosSharpeStd, double OosCagrMean, double OosCagrStd, double Efficiency,
    IReadOnlyList<WalkForwardGate> Gates)
{
    public bool Passed => Gates.All(g => g.Passed);

    public static WalkForwardReport From(IReadOnlyList<WalkForwardSegment> segments, double initialCash, double periodsPerYear,
        double? minSharpe, double? maxDrawdown, double? minEfficiency)
    {
        var time = segments.SelectMany(s => s.OosTime).ToArray();
        var equity = new double[time.Length];
        double value = initialCash;
        int k = 0, inMarket = 0;
        foreach (var s in segments)
            foreach (var r in s.OosReturns) { value *= 1 + r; equity[k++] = value; }
        foreach (var r in segments.SelectMany(s => s.OosReturns)) if (r != 0) inMarket++;
        var trades = new TradeStats(segments.Sum(s => s.OutOfSampleTrades), segments.Sum(s => s.OutOfSampleTrades), 0, 0, 0, 0);
        var stitched = PerformanceSummary.Compute(equity, time, initialCash, inMarket, trades, 0, 0, periodsPerYear);
        var (sharpeMean, sharpeStd) = MeanStd(segments.Select(s => s.OutOfSample.Sharpe));
        var (cagrMean, cagrStd) = MeanStd(segments.Select(s => s.OutOfSample.Cagr));
        double isCagr = segments.Select(s => s.InSample.Cagr).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        double efficiency = isCagr != 0 ? cagrMean / isCagr : double.NaN;
        var gates = new List<WalkForwardGate>();
        if (minSharpe is { } ms) gates.Add(new("min-oos-sharpe", stitched.Sharpe >= ms, $"stitched OOS Sharpe {F(stitched.Sharpe)} vs ≥ {F(ms)}"));
        if (maxDrawdown is { } md) gates.Add(new("max-oos-drawdown", -stitched.MaxDrawdown <= md, $"stitched OOS max drawdown {F(-stitched.MaxDrawdown)} vs ≤ {F(md)}"));
        if (minEfficiency is { } me) gates.Add(new("min-efficiency", efficiency >= me, $"efficiency {F(efficiency)} vs ≥ {F(me)}"));
        return new WalkForwardReport(segments, time, equity, stitched, sharpeMean, sharpeStd, cagrMean, cagrStd, efficiency, gates);
    }

    static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return (double.NaN, double.NaN);
        double mean = v.Average();
        return (mean, v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : double.NaN);
    }

    static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartArray("segments");
        foreach (var s in Segments)
        {
            w.WriteStartObject();
            w.WriteNumber("index", s.Window.Index);
            w.WriteString("train_start", Json.Time(s.Window.TrainStart));
            w.WriteString("test_start", Json.Time(s.Window.TestStart));
            w.WriteString("test_end", Json.Time(s.Window.TestEnd.AddDays(-1)));
            w.WriteStartObject("best_params");
            foreach (var (name, value) in s.BestParams) w.WriteString(name, SearchSpace.Text(value));
            w.WriteEndObject();
            w.WritePropertyName("in_sample"); Summary(w, s.InSample);
            w.WritePropertyName("out_of_sample"); Summary(w, s.OutOfSample);
            w.WriteNumber("oos_trades", s.OutOfSampleTrades);
            w.Number("oos_win_rate", s.OutOfSampleWinRate);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("stitched"); Summary(w, Stitched);
        w.Number("oos_sharpe_mean", OosSharpeMean);
        w.Number("oos_sharpe_std", OosSharpeStd);
        w.Number("oos_cagr_mean", OosCagrMean);
        w.Number("oos_cagr_std", OosCagrStd);
        w.Number("efficiency", Efficiency);
        w.WriteStartArray("gates");
        foreach (var g in Gates)
        {
            w.WriteStartObject();
            w.WriteString("name", g.Name);
            w.WriteBoolean("passed", g.Passed);
            w.WriteString("detail", g.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("passed", Passed);
        w.WriteEndObject();
    }

    static void Summary(Utf8JsonWriter w, PerformanceSummary s)
    {
        w.WriteStartObject();
        w.Number("total_return", s.TotalReturn);
        w.Number("cagr", s.Cagr);
        w.Number("sharpe", s.Sharpe);
        w.Number("max_drawdown", s.MaxDrawdown);
        w.WriteNumber("trades", s.Trades);
        w.Number("win_rate", s.WinRate);
        w.WriteEndObject();
    }
}
