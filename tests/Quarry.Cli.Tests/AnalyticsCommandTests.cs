using System.Globalization;
using System.Text.Json;
using static Quarry.Cli.Tests.QuarryProcess;

namespace Quarry.Cli.Tests;

public class AnalyticsCommandTests
{
    [Fact]
    public void Metrics_json_sharpe_and_cagr_match_the_spec_formulas()
    {
        var (code, stdout, stderr) = Run("metrics", "--returns", "samples/data/spy-benchmark-returns-1993-2018.csv", "--json");
        Assert.True(code == 0, stderr);
        var metrics = JsonDocument.Parse(stdout).RootElement.GetProperty("metrics");

        // Independent evaluation of metrics.md §3: sharpe = mean / std (ddof 1) · √252; cagr = (Π(1+r))^(252/N) − 1.
        var returns = File.ReadAllLines(Sample("spy-benchmark-returns-1993-2018.csv")).Skip(1)
            .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        double mean = returns.Average();
        double std = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1));
        double growth = returns.Aggregate(1.0, (w, r) => w * (1 + r));
        Assert.Equal(mean / std * Math.Sqrt(252), metrics.GetProperty("sharpe").GetDouble(), 1e-10);
        Assert.Equal(Math.Pow(growth, 252.0 / returns.Length) - 1, metrics.GetProperty("cagr").GetDouble(), 1e-10);
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("beta").ValueKind); // no benchmark: NaN is written as null
    }

    [Fact]
    public void Metrics_with_benchmark_reports_beta_of_a_series_against_itself_as_one()
    {
        var (code, stdout, stderr) = Run("metrics", "--returns", "samples/data/spy-benchmark-returns-1993-2018.csv",
            "--benchmark", "samples/data/spy-benchmark-returns-1993-2018.csv", "--json");
        Assert.True(code == 0, stderr);
        var metrics = JsonDocument.Parse(stdout).RootElement.GetProperty("metrics");
        Assert.Equal(1.0, metrics.GetProperty("beta").GetDouble(), 1e-12);
        Assert.Equal(1.0, metrics.GetProperty("r_squared").GetDouble(), 1e-12);
    }

    [Fact]
    public void Backtest_writes_html_png_and_pdf_tearsheets()
    {
        var dir = TempDir();
        var (code, stdout, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "sma-cross", "--commission-pct", "0.001",
            "--benchmark", "samples/data/spy-2000-2016.csv", "--benchmark-name", "SPY", "--html", Path.Combine(dir, "t.html"),
            "--png", Path.Combine(dir, "png"), "--pdf", Path.Combine(dir, "t.pdf"));
        Assert.True(code == 0, stderr);
        Assert.Contains("dropped 1,264 strategy dates", stderr);
        var html = File.ReadAllText(Path.Combine(dir, "t.html"));
        Assert.Contains("sma-cross on orcl-1995-2014", html);
        Assert.DoesNotContain("https://", html);
        Assert.StartsWith("%PDF", File.ReadAllText(Path.Combine(dir, "t.pdf"))[..4]);
        foreach (var png in new[] { "equity.png", "drawdown.png", "monthly-heatmap.png" })
            Assert.True(new FileInfo(Path.Combine(dir, "png", png)).Length > 10_000, png);
        Assert.Contains("wrote", stdout);
    }

    [Fact]
    public void Report_from_an_equity_file_written_by_backtest()
    {
        var dir = TempDir();
        var equity = Path.Combine(dir, "equity.csv");
        var (code, _, stderr) = Run("backtest", "-d", "samples/data/orcl-1995-2014.txt", "-s", "ema-cross", "--equity", equity);
        Assert.True(code == 0, stderr);
        (code, _, stderr) = Run("report", "--equity", equity, "--benchmark", "samples/data/spy-benchmark-returns-1993-2018.csv",
            "--html", Path.Combine(dir, "r.html"), "--title", "EMA cross");
        Assert.True(code == 0, stderr);
        Assert.Contains("EMA cross", File.ReadAllText(Path.Combine(dir, "r.html")));
    }

    [Fact]
    public void Report_without_an_output_or_with_two_inputs_is_a_usage_error()
    {
        var (code, _, stderr) = Run("report", "--returns", "samples/data/spy-benchmark-returns-1993-2018.csv");
        Assert.Equal(2, code);
        Assert.Contains("Nothing to write", stderr);
        (code, _, stderr) = Run("report", "--returns", "a.csv", "--equity", "b.csv", "--html", "x.html");
        Assert.Equal(2, code);
        Assert.Contains("exactly one of --returns FILE or --equity FILE", stderr);
    }

    [Fact]
    public void Malformed_returns_file_names_the_line()
    {
        var file = Path.Combine(TempDir(), "r.csv");
        File.WriteAllText(file, "date,return\n2020-01-02,0.01\n2020-01-03,oops\n");
        var (code, _, stderr) = Run("metrics", "--returns", file, "--json");
        Assert.Equal(4, code);
        Assert.Contains("r.csv:3", stderr);
    }
}
