using Quarry.Analytics.Metrics;
using Quarry.Analytics.Regimes;
using Quarry.Analytics.Tables;
using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Results;

namespace Quarry.Analytics.Tests.Tearsheets;

/// <summary>
/// Builds a plausible tearsheet from a seeded random walk: business-day returns with three hand-made drawdown
/// episodes, a correlated benchmark, gross returns, monthly and yearly tables, rolling series, regimes and trades.
/// The numbers are computed simply here (the real metrics live elsewhere); they only need to look like a report.
/// </summary>
internal static class SyntheticTearsheet
{
    public static Tearsheet Create(int periods = 1500, int trades = 120, int seed = 42, bool benchmark = true)
    {
        var rng = new Random(seed);
        var time = BusinessDays(new DateTime(2012, 1, 3), periods);
        var bench = new double[periods];
        var ret = new double[periods];
        for (int i = 0; i < periods; i++)
        {
            double market = 0.0003 + 0.011 * Gauss(rng);
            bench[i] = market;
            ret[i] = 0.0005 + 0.6 * market + 0.007 * Gauss(rng) + Shock(i, periods);
        }
        ret[5] = double.NaN; // a missing period must not break anything
        var gross = ret.Select(r => r + 0.00008).ToArray();
        int w = 126;
        var wealth = ChartSeries.Wealth(ret);
        var metrics = new List<MetricValue>
        {
            new("comp", "Total return", wealth[^1] - 1, ChartSeries.Wealth(bench)[^1] - 1, MetricFormat.Percent, ChartSeries.Wealth(gross)[^1] - 1),
            new("cagr", "CAGR", Cagr(ret), Cagr(bench), MetricFormat.Percent, Cagr(gross)),
            new("sharpe", "Sharpe", Sharpe(ret), Sharpe(bench), MetricFormat.Number, Sharpe(gross)),
            new("sortino", "Sortino", Sortino(ret), Sortino(bench), MetricFormat.Number, Sortino(gross)),
            new("max_drawdown", "Max drawdown", ChartSeries.Drawdown(wealth).Min(), ChartSeries.Drawdown(ChartSeries.Wealth(bench)).Min(), MetricFormat.Percent),
            new("volatility", "Volatility (ann.)", Std(ret) * Math.Sqrt(252), Std(bench) * Math.Sqrt(252), MetricFormat.Percent),
            new("calmar", "Calmar", 0.8, 0.5, MetricFormat.Number),
            new("beta", "Beta", 0.61, double.NaN, MetricFormat.Number),
            new("omega", "Omega", double.NaN, double.NaN, MetricFormat.Number),
            new("longest_dd_days", "Longest drawdown days", 412, 390, MetricFormat.Integer),
        };
        var tradeList = MakeTrades(rng, time, trades);
        return new Tearsheet
        {
            Title = "sma-cross on synthetic <walk> & co",
            Parameters = new Dictionary<string, string> { ["fast"] = "10", ["slow"] = "50", ["sizing"] = "fixed 95%" },
            Time = time,
            Returns = ret,
            BenchmarkReturns = benchmark ? bench : null,
            BenchmarkName = "SPY",
            Metrics = benchmark ? metrics : metrics.Select(m => m with { Benchmark = double.NaN }).ToList(),
            GrossReturns = gross,
            TradeMetrics =
            [
                new("trades", "Trades", trades, double.NaN, MetricFormat.Integer),
                new("win_rate", "Win rate", 0.54, double.NaN, MetricFormat.Percent),
                new("cost_drag", "Cost drag (ann.)", 0.0201, double.NaN, MetricFormat.Percent),
            ],
            Drawdowns = Episodes(time, wealth),
            Monthly = MonthlyRows(time, ret),
            Yearly = YearlyRows(time, ret, bench),
            RollingWindow = w,
            RollingSharpe = Rolling(ret, w, x => Mean(x) / Std(x) * Math.Sqrt(252)),
            RollingSortino = Rolling(ret, w, x => Mean(x) / Math.Sqrt(x.Sum(v => Math.Min(v, 0) * Math.Min(v, 0)) / x.Length) * Math.Sqrt(252)),
            RollingVolatility = Rolling(ret, w, x => Std(x) * Math.Sqrt(252)),
            RollingBeta = benchmark ? RollingBeta(ret, bench, w) : [],
            Regimes = new RegimeReport(
            [
                new("bull / calm", 610, 0.41, 0.31, 0.12, 0.11, 1.1, -0.08, 0.55),
                new("bull / volatile", 300, 0.2, 0.05, 0.04, 0.2, 0.2, -0.14, 0.51),
                new("bear / calm", 250, 0.17, -0.02, -0.02, 0.12, -0.1, -0.09, 0.48),
                new("bear / volatile", 190, 0.13, -0.11, -0.14, 0.28, -0.5, -0.22, 0.45),
                new("unclassified", 150, 0.1, 0.01, 0.017, 0.1, 0.16, -0.03, 0.5),
            ], "SPY close vs its 200-day SMA", "SPY 20-day realised volatility < 20 %"),
            Trades = tradeList,
            Notes = ["Synthetic data for tests.", "Alignment dropped 3 benchmark dates."],
            GeneratedAt = new DateTimeOffset(2026, 3, 1, 14, 5, 0, TimeSpan.Zero),
        };
    }

    static double Shock(int i, int n)
    {
        // three hand-made episodes: a sharp crash, a slow bleed, a short dip
        if (i > n * 0.2 && i <= n * 0.2 + 25) return -0.008;
        if (i > n * 0.5 && i <= n * 0.5 + 120) return -0.0015;
        if (i > n * 0.8 && i <= n * 0.8 + 10) return -0.01;
        return 0;
    }

    static DateTime[] BusinessDays(DateTime start, int n)
    {
        var days = new DateTime[n];
        var d = start;
        for (int i = 0; i < n; i++)
        {
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
            days[i] = d;
            d = d.AddDays(1);
        }
        return days;
    }

    static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    static double[] Finite(double[] x) => x.Where(double.IsFinite).ToArray();
    static double Mean(double[] x) => Finite(x).Average();
    static double Std(double[] x)
    {
        var f = Finite(x);
        double m = f.Average();
        return Math.Sqrt(f.Sum(v => (v - m) * (v - m)) / (f.Length - 1));
    }
    static double Sharpe(double[] x) => Mean(x) / Std(x) * Math.Sqrt(252);
    static double Sortino(double[] x)
    {
        var f = Finite(x);
        return f.Average() / Math.Sqrt(f.Sum(v => Math.Min(v, 0) * Math.Min(v, 0)) / f.Length) * Math.Sqrt(252);
    }
    static double Cagr(double[] x) => Math.Pow(ChartSeries.Wealth(x)[^1], 252.0 / x.Length) - 1;

    static double[] Rolling(double[] x, int w, Func<double[], double> f)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = i + 1 < w ? double.NaN : f(x[(i + 1 - w)..(i + 1)]);
        return r;
    }

    static double[] RollingBeta(double[] r, double[] b, int w)
    {
        var beta = new double[r.Length];
        for (int i = 0; i < r.Length; i++)
        {
            if (i + 1 < w) { beta[i] = double.NaN; continue; }
            double mr = 0, mb = 0, c = 0, v = 0;
            int n = 0;
            for (int k = i + 1 - w; k <= i; k++) if (double.IsFinite(r[k])) { mr += r[k]; mb += b[k]; n++; }
            mr /= n; mb /= n;
            for (int k = i + 1 - w; k <= i; k++) if (double.IsFinite(r[k])) { c += (r[k] - mr) * (b[k] - mb); v += (b[k] - mb) * (b[k] - mb); }
            beta[i] = c / v;
        }
        return beta;
    }

    static List<MonthlyReturnsRow> MonthlyRows(DateTime[] time, double[] ret)
    {
        var rows = new List<MonthlyReturnsRow>();
        foreach (var year in time.Select((t, i) => (t, i)).GroupBy(p => p.t.Year))
        {
            var months = Enumerable.Repeat(double.NaN, 12).ToArray();
            foreach (var m in year.GroupBy(p => p.t.Month))
                months[m.Key - 1] = m.Aggregate(1.0, (acc, p) => acc * (1 + (double.IsFinite(ret[p.i]) ? ret[p.i] : 0))) - 1;
            rows.Add(new MonthlyReturnsRow(year.Key, months, months.Where(double.IsFinite).Aggregate(1.0, (a, v) => a * (1 + v)) - 1));
        }
        return rows;
    }

    static List<YearlyReturn> YearlyRows(DateTime[] time, double[] ret, double[] bench) =>
        time.Select((t, i) => (t, i)).GroupBy(p => p.t.Year)
            .Select(g => new YearlyReturn(g.Key,
                g.Aggregate(1.0, (a, p) => a * (1 + (double.IsFinite(ret[p.i]) ? ret[p.i] : 0))) - 1,
                g.Aggregate(1.0, (a, p) => a * (1 + bench[p.i])) - 1))
            .ToList();

    static List<DrawdownEpisode> Episodes(DateTime[] time, double[] wealth)
    {
        var dd = ChartSeries.Drawdown(wealth);
        var list = new List<DrawdownEpisode>();
        int start = -1;
        for (int i = 0; i <= dd.Length; i++)
        {
            bool under = i < dd.Length && dd[i] < 0;
            if (under && start < 0) start = i;
            if (!under && start >= 0)
            {
                int valley = start;
                for (int k = start; k < i; k++) if (dd[k] < dd[valley]) valley = k;
                DateTime? end = i < dd.Length ? time[i] : null;
                var last = end ?? time[^1];
                list.Add(new DrawdownEpisode(time[start], time[valley], end, (last - time[start]).Days + 1, i - start,
                    dd[valley], dd[valley] * 0.97, end is null ? null : (end.Value - time[valley]).Days));
                start = -1;
            }
        }
        return list.OrderBy(e => e.Depth).ToList();
    }

    static List<Trade> MakeTrades(Random rng, DateTime[] time, int count)
    {
        var trades = new List<Trade>(count);
        int step = Math.Max(1, time.Length / Math.Max(count, 1));
        for (int k = 0; k < count; k++)
        {
            int entry = Math.Min(k * step, time.Length - 1), bars = 1 + rng.Next(Math.Max(1, step - 1));
            int exit = Math.Min(entry + bars, time.Length - 1);
            bool open = k == count - 1;
            double px = 50 + 20 * rng.NextDouble(), r = 0.04 * Gauss(rng), size = 100 + rng.Next(400);
            double grossPnl = px * size * r, fee = 1 + size * 0.005;
            trades.Add(new Trade(k % 3 == 0 ? "ORCL" : "MSFT", k % 4 == 3 ? TradeDirection.Short : TradeDirection.Long,
                time[entry], px, open ? null : time[exit], open ? null : px * (1 + r), size, grossPnl, fee, grossPnl - fee,
                (grossPnl - fee) / (px * size), exit - entry, -Math.Abs(0.02 * Gauss(rng)), Math.Abs(0.03 * Gauss(rng))));
        }
        return trades;
    }
}
