using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Quarry.Server.Tests.Dashboard.Support;

namespace Quarry.Server.Tests.Dashboard;

[Collection(DashboardCollection.Name)]
public sealed class RunsPageTests(DashboardFixture fixture)
{
    const int SmaTotal = LabSeed.SmaRuns + 2 + 1 + 3;

    string SmaPath => "/experiments/" + fixture.Lab.SmaExperimentId;

    [Fact]
    public async Task Clicking_a_header_orders_the_runs_on_the_server_and_again_reverses()
    {
        await using var open = await DashboardPage.OpenAsync(fixture, SmaPath);
        var page = open.Page;
        Assert.Equal($"Runs 1–{SmaTotal} of {SmaTotal}", await page.InnerTextAsync("#run-count"));
        Assert.Equal("sma-29", await RunName(page, 0)); // newest first by default
        Assert.Equal("descending", await page.GetAttributeAsync("th[data-column='attributes.start_time']", "aria-sort"));
        Assert.Equal(["sharpe", "cagr", "total_return", "max_drawdown", "volatility", "trades"], await Headers(page, "col-metric"));

        await ClickAndWait(open, "th[data-column='metrics.sharpe'] a");
        Assert.Contains("order_by=metrics.sharpe%20DESC", page.Url, StringComparison.Ordinal);
        Assert.Equal("descending", await page.GetAttributeAsync("th[data-column='metrics.sharpe']", "aria-sort"));
        Assert.Equal(["sma-best", "sma-29", "sma-28"], [await RunName(page, 0), await RunName(page, 1), await RunName(page, 2)]);
        var sharpe = await Values(page, "metrics.sharpe");
        Assert.Equal(LabSeed.SmaRuns + 1, sharpe.Length); // runs without the metric come last, shown as —
        Assert.Equal(sharpe.OrderDescending(), sharpe);

        await ClickAndWait(open, "th[data-column='metrics.sharpe'] a");
        Assert.Contains("order_by=metrics.sharpe%20ASC", page.Url, StringComparison.Ordinal);
        Assert.Equal("sma-00", await RunName(page, 0));
        sharpe = await Values(page, "metrics.sharpe");
        Assert.Equal(sharpe.Order(), sharpe);
        Assert.Equal("—", await page.InnerTextAsync("#runs tbody tr:last-child td:nth-child(6)"));

        await ClickAndWait(open, "th[data-column='attributes.run_name'] a");
        Assert.Equal("sma-00", await RunName(page, 0));
        Assert.Equal("trial-2", await RunName(page, SmaTotal - 1));
        await open.ScreenshotAsync("runs-sorted");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task The_filter_box_filters_and_shows_a_bad_filter_inline_at_its_position()
    {
        await using var open = await DashboardPage.OpenAsync(fixture, SmaPath);
        var page = open.Page;
        await page.FillAsync("input[name=filter]", "metrics.sharpe > 1.02 and tags.symbol = 'QQQ'");
        await ClickAndWait(open, "#filter-form button[type=submit]");
        Assert.Equal("Runs 1–2 of 2 matching", await page.InnerTextAsync("#run-count"));
        Assert.Equal(["sma-29", "sma-27"], [await RunName(page, 0), await RunName(page, 1)]);
        Assert.Equal(0, await page.Locator("#filter-error").CountAsync());

        const string bad = "metrics.sharpe > 1 and";
        await page.FillAsync("input[name=filter]", bad);
        await ClickAndWait(open, "#filter-form button[type=submit]");
        var error = page.Locator("#filter-error");
        Assert.True(await error.IsVisibleAsync());
        string message = await error.Locator("div").First.InnerTextAsync();
        Assert.StartsWith($"Invalid filter at position {bad.Length}:", message, StringComparison.Ordinal);
        Assert.Equal(bad.Length.ToString(CultureInfo.InvariantCulture), await error.Locator("pre").GetAttributeAsync("data-position"));
        Assert.Equal(bad + "\n" + new string(' ', bad.Length) + "^", await error.Locator("pre").InnerTextAsync());
        Assert.Equal(bad, await page.InputValueAsync("input[name=filter]")); // kept for fixing
        Assert.Equal(0, await page.Locator("#runs tbody tr").CountAsync());

        await open.GoAsync(SmaPath + "?filter=" + Uri.EscapeDataString("params.fast = '10' and metrics.nope >> 3"));
        message = await page.Locator("#filter-error div").First.InnerTextAsync();
        var m = Regex.Match(message, @"^Invalid filter at position (\d+):");
        Assert.True(m.Success, message);
        Assert.Equal(m.Groups[1].Value, await page.GetAttributeAsync("#filter-error pre", "data-position"));
        await open.ScreenshotAsync("runs-filter-error");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Pages_follow_the_store_tokens_forward_and_back_keeping_the_selection()
    {
        await using var open = await DashboardPage.OpenAsync(fixture, SmaPath + "?size=25");
        var page = open.Page;
        Assert.Equal(25, await page.Locator("#runs tbody tr").CountAsync());
        Assert.Equal($"Runs 1–25 of {SmaTotal}", await page.InnerTextAsync("#run-count"));
        Assert.Equal(0, await page.Locator("#page-prev").CountAsync());

        await page.CheckAsync("#runs tbody tr:nth-child(1) input[name=runs]");
        await page.CheckAsync("#runs tbody tr:nth-child(3) input[name=runs]");
        Assert.Equal("Compare selected (2)", await page.InnerTextAsync("[data-compare]"));
        string sel = Regex.Match(page.Url, "sel=([^&]+)").Groups[1].Value;
        Assert.Equal(2, Uri.UnescapeDataString(sel).Split(',').Length);

        await ClickAndWait(open, "#page-next");
        Assert.Equal(SmaTotal - 25, await page.Locator("#runs tbody tr").CountAsync());
        Assert.Equal($"Runs 26–{SmaTotal} of {SmaTotal}", await page.InnerTextAsync("#run-count"));
        Assert.Equal(0, await page.Locator("#page-next").CountAsync());
        Assert.Equal(2, await page.Locator("#select-runs input[type=hidden][name=runs]").CountAsync()); // carried from page 1
        await page.CheckAsync("#runs tbody tr:nth-child(1) input[name=runs]");
        Assert.Equal("Compare selected (3)", await page.InnerTextAsync("[data-compare]"));

        await ClickAndWait(open, "#page-prev");
        Assert.Equal("sma-29", await RunName(page, 0));
        Assert.Equal(2, await page.Locator("#runs tbody input[name=runs]:checked").CountAsync());
        Assert.Equal("Compare selected (3)", await page.InnerTextAsync("[data-compare]"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Chosen_columns_come_from_the_url_and_the_chooser()
    {
        await using var open = await DashboardPage.OpenAsync(fixture, SmaPath + "?metrics=cagr&params=slow,fast&tags=symbol");
        var page = open.Page;
        Assert.Equal(["cagr"], await Headers(page, "col-metric"));
        Assert.Equal(["slow", "fast"], await Headers(page, "col-param"));
        Assert.Equal(["symbol"], await Headers(page, "col-tag"));

        await page.ClickAsync("details.columns > summary");
        await page.ClickAsync("#columns-form .chip[data-target=metrics][data-key=trades]");
        await page.FillAsync("#columns-form input[name=tags]", "");
        Assert.Equal("cagr,trades", await page.InputValueAsync("#columns-form input[name=metrics]"));
        await ClickAndWait(open, "#columns-form button[type=submit]");
        Assert.Equal(["cagr", "trades"], await Headers(page, "col-metric"));
        Assert.Empty(await Headers(page, "col-tag"));
        Assert.Contains("metrics=cagr%2Ctrades", page.Url, StringComparison.Ordinal);
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Csv_export_holds_every_matching_run_with_the_view_columns()
    {
        var http = fixture.Server.Http;
        using var all = await http.GetAsync(SmaPath + "/runs.csv?metrics=sharpe&params=fast&order_by=" + Uri.EscapeDataString("metrics.sharpe DESC"));
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", all.Content.Headers.ContentDisposition?.ToString() ?? string.Join(",", all.Headers.GetValues("Content-Disposition")), StringComparison.Ordinal);
        var lines = (await all.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("run_id,run_name,status,start_time,end_time,user_id,metrics.sharpe,params.fast", lines[0]);
        Assert.Equal(SmaTotal + 1, lines.Length);
        var best = lines[1].Split(',');
        Assert.Equal([fixture.Lab.BestRunId, "sma-best", "FINISHED"], best[..3]);
        Assert.Equal(["researcher", "2.5", "10"], best[5..]);

        string filtered = await http.GetStringAsync(SmaPath + "/runs.csv?filter=" + Uri.EscapeDataString("metrics.sharpe > 1.02 and tags.symbol = 'QQQ'"));
        Assert.Equal(3, filtered.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        using var bad = await http.GetAsync(SmaPath + "/runs.csv?filter=" + Uri.EscapeDataString("metrics.sharpe >"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("position", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_experiment_is_an_html_404()
    {
        using var response = await fixture.Server.Http.GetAsync("/experiments/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("987654", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    static Task ClickAndWait(DashboardPage open, string selector) => open.ClickAndWaitAsync(selector);

    static Task<string> RunName(IPage page, int row) => page.InnerTextAsync($"#runs tbody tr:nth-child({row + 1}) .run-link");

    static Task<string[]> Headers(IPage page, string css) =>
        page.Locator($"#runs thead th.{css}").EvaluateAllAsync<string[]>("ths => ths.map(th => th.textContent)");

    static async Task<double[]> Values(IPage page, string column)
    {
        int index = await page.Locator("#runs thead tr:last-child th").EvaluateAllAsync<int>(
            $"ths => ths.findIndex(th => th.dataset.column === '{column}')");
        return await page.Locator($"#runs tbody tr td:nth-child({index + 1})[data-v]").EvaluateAllAsync<double[]>("tds => tds.map(td => +td.dataset.v)");
    }
}
