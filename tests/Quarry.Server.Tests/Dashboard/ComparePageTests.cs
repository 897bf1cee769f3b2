using System.Net;
using Quarry.Server.Tests.Dashboard.Support;

namespace Quarry.Server.Tests.Dashboard;

[Collection(DashboardCollection.Name)]
public sealed class ComparePageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Runs_selected_in_the_table_are_compared_with_the_best_highlighted()
    {
        var lab = fixture.Lab;
        await using var open = await DashboardPage.OpenAsync(fixture,
            $"/experiments/{lab.SmaExperimentId}?order_by={Uri.EscapeDataString("metrics.sharpe DESC")}");
        var page = open.Page;
        foreach (var run in new[] { lab.BestRunId, lab.SmaRunIds[29], lab.SmaRunIds[0] })
            await page.CheckAsync($"#runs tr[data-run='{run}'] input[name=runs]");
        await open.ClickAndWaitAsync("[data-compare]");

        Assert.Contains("/compare?", page.Url, StringComparison.Ordinal);
        Assert.Equal("Compare 3 runs", await page.InnerTextAsync("h1"));
        // the table's order (sharpe descending) is kept
        Assert.Equal(["sma-best", "sma-29", "sma-00"], await page.Locator("#compare-runs .run-link").AllInnerTextsAsync());
        Assert.Equal([lab.BestRunId, lab.SmaRunIds[29], lab.SmaRunIds[0]],
            await page.Locator("#compare-runs tbody tr").EvaluateAllAsync<string[]>("trs => trs.map(tr => tr.dataset.run)"));

        Assert.Equal(["2.5", "1.15", "-0.3"], await Cells(page, "sharpe"));
        Assert.Equal("2.5", await Best(page, "sharpe"));
        Assert.Equal("-0.02", await Best(page, "max_drawdown")); // the shallowest drawdown
        Assert.Equal("0.1", await Best(page, "volatility")); // the lowest volatility: sma-00
        Assert.Equal(1, await page.Locator("#compare-metrics tr[data-metric='sharpe'] td.best").CountAsync());
        Assert.Equal(0, await page.Locator("#compare-metrics tr[data-metric='equity'] td.best").CountAsync()); // one run only: no contest
        Assert.Equal(["fast", "10", "30", "5"], await page.Locator("#compare-params tr.diff").First.Locator("td").AllInnerTextsAsync());

        Assert.Equal("3", await page.GetAttributeAsync("[data-chart='compare-sharpe']", "data-bars"));
        Assert.Equal("3", await page.GetAttributeAsync("[data-chart='compare-return']", "data-bars"));
        Assert.Equal("3", await page.GetAttributeAsync("[data-chart='compare-scatter']", "data-points"));
        Assert.Contains("cagr against volatility", await page.InnerTextAsync(".compare-charts"), StringComparison.Ordinal);
        await open.ScreenshotAsync("compare");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task The_url_alone_reproduces_a_comparison_and_names_unknown_runs()
    {
        var lab = fixture.Lab;
        string path = $"/compare?runs={lab.SmaRunIds[5]},{lab.SmaRunIds[6]}&x=max_drawdown&y=sharpe";
        await using var open = await DashboardPage.OpenAsync(fixture, path);
        var page = open.Page;
        Assert.Equal(["sma-05", "sma-06"], await page.Locator("#compare-runs .run-link").AllInnerTextsAsync());
        Assert.Contains("sharpe against |max_drawdown|", await page.InnerTextAsync(".compare-charts"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#compare-runs a:text('remove')").CountAsync()); // two is the minimum

        // hovering a point names its run
        var overlay = page.Locator("[data-chart='compare-scatter'] canvas.qc-overlay");
        var box = (await overlay.BoundingBoxAsync())!;
        bool named = false;
        for (float fx = 0.05f; fx < 1 && !named; fx += 0.01f)
            for (float fy = 0.05f; fy < 1 && !named; fy += 0.03f)
            {
                await page.Mouse.MoveAsync(box.X + box.Width * fx, box.Y + box.Height * fy);
                named = await page.Locator("[data-chart='compare-scatter'] .qc-tip").IsVisibleAsync();
            }
        Assert.True(named, "no tooltip over any scatter point");
        Assert.Matches("sma-0[56]", await page.InnerTextAsync("[data-chart='compare-scatter'] .qc-tip"));
        open.AssertCleanAndOffline();

        var http = fixture.Server.Http;
        using var unknown = await http.GetAsync($"/compare?runs={lab.BestRunId},ffffffffffffffffffffffffffffffff");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("ffffffffffffffffffffffffffffffff", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var tooMany = await http.GetAsync("/compare?runs=" + string.Join(',', lab.SmaRunIds.Take(11)));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using var one = await http.GetAsync("/compare?runs=" + lab.BestRunId);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Contains("compare-help", await one.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    static Task<IReadOnlyList<string>> Cells(Microsoft.Playwright.IPage page, string metric) =>
        page.Locator($"#compare-metrics tr[data-metric='{metric}'] td.num").AllInnerTextsAsync();

    static Task<string> Best(Microsoft.Playwright.IPage page, string metric) =>
        page.InnerTextAsync($"#compare-metrics tr[data-metric='{metric}'] td.best");
}
