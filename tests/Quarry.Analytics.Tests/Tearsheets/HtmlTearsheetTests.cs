using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quarry.Analytics.Metrics;
using Quarry.Analytics.Tearsheets;
using Xunit.Abstractions;

namespace Quarry.Analytics.Tests.Tearsheets;

public sealed partial class HtmlTearsheetTests(ITestOutputHelper output)
{
    static readonly Tearsheet Sample = SyntheticTearsheet.Create();

    [GeneratedRegex("""<script type="application/json" id="quarry-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataBlob();

    static JsonElement Data(string html)
    {
        var m = DataBlob().Match(html);
        Assert.True(m.Success, "the JSON data blob is missing");
        return JsonDocument.Parse(m.Groups[1].Value).RootElement;
    }

    [Fact]
    public void Render_references_no_network_resource()
    {
        string html = HtmlTearsheet.Render(Sample);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("//cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"<(script|img|iframe)[^>]+src=", html);
        Assert.DoesNotMatch(@"<link[^>]+href=", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("fetch(", html);
        Assert.DoesNotContain("XMLHttpRequest", html);
    }

    [Fact]
    public void Render_embeds_a_json_blob_with_the_series()
    {
        var data = Data(HtmlTearsheet.Render(Sample));
        int n = Sample.Time.Length;
        Assert.Equal("day", data.GetProperty("timeUnit").GetString());
        Assert.Equal(n, data.GetProperty("x").GetArrayLength());
        Assert.Equal((Sample.Time[0] - DateTime.UnixEpoch).Days, data.GetProperty("x")[0].GetInt64());
        foreach (string series in new[] { "equity", "grossEquity", "benchmark", "drawdown", "benchmarkDrawdown" })
            Assert.Equal(n, data.GetProperty(series).GetArrayLength());
        var rolling = data.GetProperty("rolling");
        foreach (string series in new[] { "sharpe", "sortino", "volatility", "beta" })
            Assert.Equal(n, rolling.GetProperty(series).GetArrayLength());
        double expectedEnd = ChartSeries.Wealth(Sample.Returns)[^1];
        Assert.Equal(expectedEnd, data.GetProperty("equity")[n - 1].GetDouble(), expectedEnd * 1e-5);
        Assert.Equal(Sample.Yearly.Count, data.GetProperty("yearly").GetProperty("years").GetArrayLength());
        Assert.Equal(5, data.GetProperty("regimes").GetProperty("names").GetArrayLength());
        var hist = data.GetProperty("histogram");
        Assert.Equal(hist.GetProperty("edges").GetArrayLength() - 1, hist.GetProperty("strategy").GetArrayLength());
    }

    [Fact]
    public void Render_writes_NaN_as_null_in_json_and_dash_in_tables()
    {
        string html = HtmlTearsheet.Render(Sample);
        var data = Data(html);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("rolling").GetProperty("sharpe")[0].ValueKind);
        string blob = DataBlob().Match(html).Groups[1].Value, markup = html[..html.IndexOf("<script", StringComparison.Ordinal)];
        Assert.DoesNotContain("NaN", blob);
        Assert.DoesNotContain("Infinity", blob);
        Assert.DoesNotContain("NaN", markup);
        Assert.DoesNotContain("∞", markup);
        // omega is NaN for both columns
        Assert.Matches("""<tr data-key="omega"><td class="label">Omega</td><td>—</td><td>—</td><td>—</td></tr>""", html);
    }

    [Fact]
    public void Render_formats_metrics_per_MetricFormat_with_benchmark_and_gross_columns()
    {
        var t = SyntheticTearsheet.Create() with
        {
            Metrics =
            [
                new MetricValue("cagr", "CAGR", 0.1234, -0.05, MetricFormat.Percent, 0.13),
                new MetricValue("sharpe", "Sharpe", 1.2345, 0.5, MetricFormat.Number),
                new MetricValue("trades", "Trades", 1234, double.NaN, MetricFormat.Integer),
            ],
        };
        string html = HtmlTearsheet.Render(t);
        Assert.Contains("<th>SPY</th><th title=\"Strategy before trading costs\">Before costs</th>", html);
        Assert.Contains("<td class=\"label\">CAGR</td><td>12.34%</td><td>−5.00%</td><td>13.00%</td>", html);
        Assert.Contains("<td class=\"label\">Sharpe</td><td>1.23</td><td>0.50</td><td>—</td>", html);
        Assert.Contains("<td class=\"label\">Trades</td><td>1,234</td><td>—</td><td>—</td>", html);
    }

    [Fact]
    public void Render_without_benchmark_omits_benchmark_series_and_column()
    {
        var t = SyntheticTearsheet.Create(benchmark: false) with { GrossReturns = null };
        string html = HtmlTearsheet.Render(t);
        var data = Data(html);
        Assert.False(data.TryGetProperty("benchmark", out _));
        Assert.False(data.GetProperty("rolling").TryGetProperty("beta", out _));
        Assert.DoesNotContain("<th>SPY</th>", html);
        Assert.DoesNotContain("data-chart=\"rolling-beta\"", html);
    }

    [Fact]
    public void Render_escapes_text_from_the_model()
    {
        string html = HtmlTearsheet.Render(Sample);
        Assert.Contains("sma-cross on synthetic &lt;walk&gt; &amp; co", html);
        Assert.DoesNotContain("<walk>", html);
        Assert.Equal("sma-cross on synthetic <walk> & co", Data(html).GetProperty("title").GetString());
    }

    [Fact]
    public void Render_shows_first_and_last_trades_with_the_count()
    {
        var t = SyntheticTearsheet.Create(trades: 230);
        string html = HtmlTearsheet.Render(t);
        Assert.Contains("first 50 and last 50 of 230 trades", html);
        Assert.Contains("<td data-v=\"50\">50</td>", html);
        Assert.DoesNotContain("<td data-v=\"51\">51</td>", html);
        Assert.Contains("<td data-v=\"181\">181</td>", html);
        Assert.Contains("<td data-v=\"230\">230</td>", html);
    }

    [Fact]
    public void Render_decimates_series_longer_than_ten_thousand_points()
    {
        var t = SyntheticTearsheet.Create(periods: 30_000, trades: 10);
        var data = Data(HtmlTearsheet.Render(t));
        int points = data.GetProperty("x").GetArrayLength();
        Assert.True(data.GetProperty("sampled").GetBoolean());
        Assert.InRange(points, 5_000, ChartSeries.MaxPoints + 3);
        Assert.Equal(points, data.GetProperty("drawdown").GetArrayLength());
        double minDd = ChartSeries.Drawdown(ChartSeries.Wealth(t.Returns)).Min();
        double minEmbedded = data.GetProperty("drawdown").EnumerateArray().Min(e => e.GetDouble());
        Assert.Equal(minDd, minEmbedded, 0.01);
    }

    [Fact]
    public void Write_replaces_the_file_atomically()
    {
        string dir = TestPaths.TempDir();
        string path = Path.Combine(dir, "sub", "tearsheet.html");
        HtmlTearsheet.Write(Sample, path);
        HtmlTearsheet.Write(Sample, path);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Render_of_an_empty_tearsheet_has_no_charts()
    {
        var t = new Tearsheet { Title = "empty", Time = [], Returns = [], Metrics = [] };
        string html = HtmlTearsheet.Render(t);
        Assert.Contains("No return periods", html);
        Assert.DoesNotContain("data-chart=", html[..html.IndexOf("<script", StringComparison.Ordinal)]);
        Assert.Equal(0, Data(html).GetProperty("x").GetArrayLength());
    }

    [Fact]
    public void Render_rejects_returns_not_aligned_with_time()
    {
        var t = Sample with { Returns = Sample.Returns[..10] };
        var e = Assert.Throws<ArgumentException>(() => HtmlTearsheet.Render(t));
        Assert.Contains("10 returns", e.Message);
    }

    [Fact]
    public void Render_5000_periods_and_200_trades_timing()
    {
        var t = SyntheticTearsheet.Create(periods: 5000, trades: 200);
        for (int i = 0; i < 3; i++) HtmlTearsheet.Render(t); // warm
        var sw = Stopwatch.StartNew();
        const int runs = 10;
        string html = "";
        for (int i = 0; i < runs; i++) html = HtmlTearsheet.Render(t);
        sw.Stop();
        double ms = sw.Elapsed.TotalMilliseconds / runs;
        long bytes = System.Text.Encoding.UTF8.GetByteCount(html);
        output.WriteLine($"render 5,000 periods + 200 trades: {ms:F1} ms warm (mean of {runs}), {bytes / 1024.0:F0} KiB");
        File.WriteAllText(Path.Combine(TestPaths.Results("tearsheets"), "timing.txt"),
            $"render_ms={ms:F2}\nbytes={bytes}\n");
        Assert.True(ms < 1000, $"rendering took {ms:F0} ms (target < 200 ms)");
    }
}
