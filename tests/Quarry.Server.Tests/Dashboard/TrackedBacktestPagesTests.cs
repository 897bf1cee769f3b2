using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quarry.Server.Tests.Dashboard.Support;

namespace Quarry.Server.Tests.Dashboard;

/// <summary>The artifact viewer and the compare pages over real tracked backtests (<see cref="TrackedBacktests"/>).</summary>
[Collection(DashboardCollection.Name)]
public sealed class TrackedBacktestPagesTests(DashboardFixture browser, TrackedBacktests lab) : IClassFixture<TrackedBacktests>
{
    Task<DashboardPage> OpenAsync(string path) => DashboardPage.OpenAsync(browser.Browser, lab.Server.BaseAddress, path);

    [Fact]
    public async Task Artifacts_are_browsed_by_folder_and_a_png_is_shown_inline()
    {
        await using var open = await OpenAsync("/runs/" + lab.Fast10RunId);
        var page = open.Page;
        Assert.Equal(["charts/", "equity.csv", "result.json", "tearsheet.html", "trades.csv"],
            await page.Locator("#artifacts ul.files li > a:first-child").AllInnerTextsAsync());

        await open.ClickAndWaitAsync("#artifacts li[data-folder='charts'] a");
        Assert.EndsWith($"/runs/{lab.Fast10RunId}?artifacts=charts#artifacts", page.Url, StringComparison.Ordinal);
        Assert.Equal(["equity.png"], await page.Locator("#artifacts ul.files li > a.view").AllInnerTextsAsync());
        Assert.Equal("artifacts", await page.InnerTextAsync("#artifacts .artifact-trail a"));

        await open.ClickAndWaitAsync("#artifacts li[data-path='charts/equity.png'] a.view");
        Assert.Equal("image", await page.GetAttributeAsync("#artifact", "data-kind"));
        Assert.True(await page.EvaluateAsync<int>("() => document.getElementById('artifact-image').naturalWidth") > 100, "the PNG did not load");
        await open.ScreenshotAsync("artifact-png");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task A_csv_artifact_is_a_table_of_its_first_rows_with_a_download_of_the_whole_file()
    {
        await using var open = await OpenAsync($"/runs/{lab.Fast10RunId}/artifacts/view?path=equity.csv");
        var page = open.Page;
        Assert.Equal(["time", "equity", "cash", "gross_exposure"], await page.Locator("#artifact-csv thead th").AllInnerTextsAsync());
        Assert.Equal(["1995-01-03", "100000", "100000", "0"], await page.Locator("#artifact-csv tbody tr").First.Locator("td").AllInnerTextsAsync());
        Assert.Equal(200, await page.Locator("#artifact-csv tbody tr").CountAsync());
        Assert.Equal("true", await page.GetAttributeAsync("#artifact-rows", "data-more"));
        string download = (await page.GetAttributeAsync("#artifact-download", "href"))!;
        string whole = await lab.Server.Http.GetStringAsync(download);
        Assert.True(whole.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 4000, "ORCL 1995–2014 has about 5,000 daily rows");
        Assert.StartsWith("time,equity,cash,gross_exposure\n1995-01-03,100000,", whole, StringComparison.Ordinal);
        await open.ScreenshotAsync("artifact-csv");

        await open.GoAsync($"/runs/{lab.Fast10RunId}/artifacts/view?path=trades.csv");
        Assert.True(await page.Locator("#artifact-csv thead th").CountAsync() >= 4);
        Assert.Equal("table", await page.GetAttributeAsync("#artifact", "data-kind"));

        await open.GoAsync($"/runs/{lab.Fast10RunId}/artifacts/view?path=result.json");
        Assert.Equal("text", await page.GetAttributeAsync("#artifact", "data-kind"));
        // result.json holds every bar, so it is larger than the cap: its start is shown, with a note
        string text = await page.InnerTextAsync("#artifact-text");
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 200 * 1024, 256 * 1024);
        Assert.Contains("The first 256 KB of", await page.InnerTextAsync("#artifact-cut"), StringComparison.Ordinal);
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task The_tearsheet_is_embedded_in_a_sandboxed_offline_frame()
    {
        await using var open = await OpenAsync($"/runs/{lab.Fast10RunId}/artifacts/view?path=tearsheet.html");
        var page = open.Page;
        Assert.Equal("allow-scripts", await page.GetAttributeAsync("#artifact-frame", "sandbox"));
        var frame = page.FrameLocator("#artifact-frame");
        await frame.Locator("canvas").First.WaitForAsync(new() { Timeout = 15_000 }); // its own scripts drew its charts
        Assert.True(await frame.Locator("canvas").CountAsync() > 0);
        await open.ScreenshotAsync("artifact-tearsheet");
        open.AssertCleanAndOffline();

        using var raw = await lab.Server.Http.GetAsync($"/runs/{lab.Fast10RunId}/artifacts/raw?path=tearsheet.html");
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        string csp = raw.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("sandbox allow-scripts;", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-same-origin", csp, StringComparison.Ordinal);
        Assert.Equal("text/html; charset=utf-8", raw.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Artifact_paths_cannot_leave_the_run_and_unknown_files_and_runs_are_404()
    {
        var http = lab.Server.Http;
        string view = $"/runs/{lab.Fast10RunId}/artifacts/view?path=";
        foreach (var bad in new[] { "../../../etc/passwd", "%2e%2e/%2e%2e/x", "/etc/passwd", "charts/../../x", "" })
        {
            using var refused = await http.GetAsync(view + Uri.EscapeDataString(bad));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {refused.StatusCode}");
        }
        using (var refused = await http.GetAsync($"/runs/{lab.Fast10RunId}/artifacts/raw?path=..%2F..%2Ftracking.db"))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using (var notInline = await http.GetAsync($"/runs/{lab.Fast10RunId}/artifacts/raw?path=equity.csv"))
            Assert.Equal(HttpStatusCode.BadRequest, notInline.StatusCode);
        using (var missing = await http.GetAsync(view + "nope.csv"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var unknownRun = await http.GetAsync("/runs/ffffffffffffffffffffffffffffffff/artifacts/view?path=equity.csv"))
            Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
    }

    [Fact]
    public async Task Compare_overlays_the_runs_equity_curves_and_lists_runs_without_one()
    {
        string path = $"/compare?runs={lab.Fast10RunId},{lab.Fast20RunId},{lab.NoArtifactsRunId}";
        var spec = await ChartSpecAsync(path, "compare-equity");
        var series = spec.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(2, series.Count);
        Assert.All(series, s => Assert.Equal("equity.csv", s.GetProperty("source").GetString()));
        var x = spec.GetProperty("x").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(new DateTimeOffset(1995, 1, 3, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), x[0]);
        Assert.True(x.Zip(x.Skip(1)).All(p => p.First < p.Second), "the time axis ascends");
        foreach (var s in series)
        {
            var y = s.GetProperty("y").EnumerateArray().ToList();
            Assert.Equal(x.Length, y.Count);
            Assert.Equal(1.0, y[0].GetDouble(), 12); // rebased: 100,000 at the start is 1
        }
        double end10 = await FinalEquityAsync(lab.Fast10RunId), last10 = series[0].GetProperty("y").EnumerateArray().Last(v => v.ValueKind == JsonValueKind.Number).GetDouble();
        Assert.Equal(end10 / 100_000, last10, 9);

        await using var open = await OpenAsync(path);
        var page = open.Page;
        Assert.Equal("true", await page.GetAttributeAsync("[data-chart='compare-equity']", "data-rendered"));
        Assert.Equal("2", await page.GetAttributeAsync("[data-chart='compare-equity']", "data-series"));
        Assert.Contains("no-artifacts", await page.InnerTextAsync("#equity-missing"), StringComparison.Ordinal);
        Assert.Equal("3", await page.GetAttributeAsync("[data-chart='compare-sharpe']", "data-bars"));
        Assert.Equal("2", await page.GetAttributeAsync("[data-chart='compare-scatter']", "data-points")); // no-artifacts has no volatility
        Assert.Equal(1, await page.Locator("#compare-metrics tr[data-metric='sharpe'] td.best").CountAsync());
        await open.ScreenshotAsync("compare-equity");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Compare_experiments_shows_counts_best_and_median_and_overlays_the_best_runs()
    {
        double s10 = await SharpeAsync(lab.Fast10RunId), s20 = await SharpeAsync(lab.Fast20RunId), s40 = await SharpeAsync(lab.Fast40RunId);
        double[] tracked = [s10, s20, -0.5];
        Array.Sort(tracked);
        string bestTracked = s10 >= s20 ? lab.Fast10RunId : lab.Fast20RunId;
        string path = $"/compare?experiments={lab.TrackedExperimentId},{lab.OtherExperimentId}";

        await using var open = await OpenAsync(path);
        var page = open.Page;
        Assert.Equal("Compare 2 experiments", await page.InnerTextAsync("h1"));
        var rows = page.Locator("#compare-experiments tbody tr");
        Assert.Equal(["Alpha.Equities.Trend.Tracked", "Alpha.Equities.Trend.Other"], await rows.Locator("td:first-child a").AllInnerTextsAsync());
        Assert.Equal(["3", "1"], await rows.Locator("td:nth-child(2)").AllInnerTextsAsync());
        Assert.Equal(tracked[2], double.Parse((await rows.First.Locator("td.best-value").GetAttributeAsync("data-v"))!, System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(tracked[1], double.Parse((await rows.First.Locator("td.median").GetAttributeAsync("data-v"))!, System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(s40, double.Parse((await rows.Nth(1).Locator("td.median").GetAttributeAsync("data-v"))!, System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal($"/runs/{bestTracked}", await rows.First.Locator("a.run-link").GetAttributeAsync("href"));
        Assert.Equal("2", await page.GetAttributeAsync("[data-chart='compare-equity']", "data-series"));
        Assert.Equal(2, await page.Locator("#compare-metrics thead th.num").CountAsync());
        Assert.Equal(1, await page.Locator("#compare-metrics tr[data-metric='sharpe'] td.best").CountAsync());
        await open.ScreenshotAsync("compare-experiments");

        // another metric from the form: the URL holds it
        await page.FillAsync("#compare-metric input[name=metric]", "max_drawdown");
        await open.ClickAndWaitAsync("#compare-metric button");
        Assert.Contains("metric=max_drawdown", page.Url, StringComparison.Ordinal);
        Assert.Contains("best and median of max_drawdown", await page.InnerTextAsync("#experiments-summary header"), StringComparison.Ordinal);
        open.AssertCleanAndOffline();

        var spec = await ChartSpecAsync(path, "compare-equity");
        Assert.StartsWith("Alpha.Equities.Trend.Tracked · ", spec.GetProperty("series")[0].GetProperty("name").GetString(), StringComparison.Ordinal);

        var http = lab.Server.Http;
        using (var unknown = await http.GetAsync($"/compare?experiments={lab.TrackedExperimentId},987654"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("987654", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var one = await http.GetAsync($"/compare?experiments={lab.TrackedExperimentId}"))
            Assert.Equal(HttpStatusCode.BadRequest, one.StatusCode);
        using (var six = await http.GetAsync("/compare?experiments=1,2,3,4,5,6"))
            Assert.Equal(HttpStatusCode.BadRequest, six.StatusCode);
    }

    async Task<JsonElement> ChartSpecAsync(string path, string chart)
    {
        string html = await lab.Server.Http.GetStringAsync(path);
        var match = Regex.Match(html, $"data-chart=\"{chart}\"[^>]*><script type=\"application/json\">(.*?)</script>");
        Assert.True(match.Success, $"no {chart} chart on {path}");
        return JsonDocument.Parse(match.Groups[1].Value).RootElement.Clone();
    }

    async Task<double> SharpeAsync(string runId) => (await MetricsAsync(runId))["sharpe"];

    async Task<double> FinalEquityAsync(string runId)
    {
        string csv = await lab.Server.Http.GetStringAsync($"/get-artifact?run_uuid={runId}&path=equity.csv");
        string last = csv.TrimEnd('\n').Split('\n')[^1];
        return double.Parse(last.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    async Task<Dictionary<string, double>> MetricsAsync(string runId)
    {
        using var run = JsonDocument.Parse(await lab.Server.Http.GetStringAsync("/api/2.0/mlflow/runs/get?run_id=" + runId));
        return run.RootElement.GetProperty("run").GetProperty("data").GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value").GetDouble());
    }
}
