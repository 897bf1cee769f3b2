using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quarry.Server.Tests.Dashboard.Support;

namespace Quarry.Server.Tests.Dashboard;

[Collection(DashboardCollection.Name)]
public sealed class RunPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Run_page_shows_metrics_params_tags_charts_and_artifacts()
    {
        var lab = fixture.Lab;
        // an artifact uploaded through the server's own artifact API
        using (var upload = await fixture.Server.Http.PostAsync(
                   $"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={lab.BestRunId}&path=report/summary.csv", new StringContent("metric,value\nsharpe,2.5\n")))
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        await using var open = await DashboardPage.OpenAsync(fixture, "/runs/" + lab.BestRunId);
        var page = open.Page;
        Assert.Equal("sma-best · Quarry", await page.TitleAsync());
        Assert.Equal(lab.BestRunId, await page.InnerTextAsync("#run-id"));
        Assert.Equal("2.5", await page.InnerTextAsync("[data-card='metric-sharpe'] .v"));
        Assert.Equal("-0.02", await page.InnerTextAsync("[data-card='metric-max_drawdown'] .v"));
        Assert.Equal(8, await page.Locator("#metrics tbody tr").CountAsync());
        Assert.Equal("800", await page.InnerTextAsync("#metrics tr[data-metric='equity'] td:nth-child(4)"));
        Assert.Equal(["fast\t10", "slow\t30"], await Rows(page, "#params"));
        Assert.Equal(["symbol\tSPY"], await Rows(page, "#tags"));
        Assert.Contains("mlflow.runName", await page.TextContentAsync("details.panel"), StringComparison.Ordinal);
        Assert.False(await page.Locator("details.panel table").IsVisibleAsync()); // system tags start folded

        // the two curves are drawn, research metrics (drawdown, equity) in name order after the key ones
        var charts = page.Locator("#metric-charts [data-chart]");
        Assert.Equal(["metric:drawdown", "metric:equity"], await charts.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.chart)"));
        Assert.All(await charts.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.rendered)"), r => Assert.Equal("true", r));
        var equity = page.Locator("[data-chart='metric:equity'] canvas.qc-overlay");
        var box = (await equity.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f);
        string tip = await page.InnerTextAsync("[data-chart='metric:equity'] .qc-tip");
        Assert.Matches(@"^step \d{3}", tip);

        // artifacts are browsed by folder; each file has a download link to the artifact API
        Assert.Equal("report/", await page.InnerTextAsync("#artifacts li[data-folder='report'] a"));
        string folder = (await page.GetAttributeAsync("#artifacts li[data-folder='report'] a", "href"))!;
        string listing = await fixture.Server.Http.GetStringAsync(folder);
        var download = Regex.Match(listing, "<li data-path=\"report/summary.csv\">.*?<a class=\"download\" href=\"([^\"]+)\"");
        Assert.True(download.Success, "summary.csv is listed in report/ with a download link");
        Assert.Equal("metric,value\nsharpe,2.5\n", await fixture.Server.Http.GetStringAsync(System.Net.WebUtility.HtmlDecode(download.Groups[1].Value)));

        await open.ScreenshotAsync("run");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Long_histories_are_downsampled_on_the_server_keeping_the_extremes()
    {
        string html = await fixture.Server.Http.GetStringAsync("/runs/" + fixture.Lab.HistoryRunId);
        var host = Regex.Match(html, "data-chart=\"metric:equity\" data-kind=\"time\" data-source-points=\"(\\d+)\" data-drawn-points=\"(\\d+)\"><script type=\"application/json\">(.*?)</script>");
        Assert.True(host.Success, "the equity chart is on the page");
        Assert.Equal(LabSeed.HistoryPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), host.Groups[1].Value);
        using var spec = JsonDocument.Parse(host.Groups[3].Value);
        var x = spec.RootElement.GetProperty("x").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var y = spec.RootElement.GetProperty("series")[0].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.InRange(x.Length, 500, 1000);
        Assert.Equal(int.Parse(host.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), x.Length);
        Assert.Equal(x.Order(), x);
        Assert.Equal(9.0, y.Max()); // the one spike at step 2,500 survives
        Assert.Equal(2500, x[Array.IndexOf(y, 9.0)]);
        Assert.Equal(1.0, y.Min()); // and so does the lowest point, step 0
        Assert.Equal(LabSeed.HistoryPoints - 1, x[^1]); // the line ends where the history ends
        Assert.Equal("number", spec.RootElement.GetProperty("xKind").GetString());

        await using var open = await DashboardPage.OpenAsync(fixture, "/runs/" + fixture.Lab.HistoryRunId + "?charts=equity");
        Assert.Equal(1, await open.Page.Locator("#metric-charts [data-chart]").CountAsync());
        Assert.Equal("true", await open.Page.GetAttributeAsync("[data-chart='metric:equity']", "data-rendered"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Parent_and_child_runs_link_to_each_other()
    {
        var lab = fixture.Lab;
        await using var open = await DashboardPage.OpenAsync(fixture, "/runs/" + lab.ParentRunId);
        var page = open.Page;
        Assert.Equal(["trial-0", "trial-1", "trial-2"], await page.Locator("#child-runs .run-link").AllInnerTextsAsync());
        Assert.Equal(["0.3", "0.6", "0.9"], await page.Locator("#child-runs tbody td.num").AllInnerTextsAsync());

        await open.ClickAndWaitAsync("#child-runs a:text('trial-1')");
        Assert.EndsWith("/runs/" + lab.ChildRunIds[1], page.Url, StringComparison.Ordinal);
        Assert.Equal("child of study-sma", await page.InnerTextAsync("#parent-run"));
        Assert.Equal("/runs/" + lab.ParentRunId, await page.GetAttributeAsync("#parent-run a", "href"));
        Assert.Contains("no metric has more than one point", await page.InnerTextAsync("#metric-charts"), StringComparison.Ordinal);
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task An_unknown_run_is_an_html_404_naming_it()
    {
        using var response = await fixture.Server.Http.GetAsync("/runs/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("0123456789abcdef0123456789abcdef", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    static Task<string[]> Rows(Microsoft.Playwright.IPage page, string table) =>
        page.Locator($"{table} tbody tr").EvaluateAllAsync<string[]>("trs => trs.map(tr => [...tr.cells].map(c => c.textContent).join('\\t'))");
}
