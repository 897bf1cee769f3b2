using Quarry.Server.Tests.Dashboard.Support;

namespace Quarry.Server.Tests.Dashboard;

[Collection(DashboardCollection.Name)]
public sealed class ExperimentsPageTests(DashboardFixture fixture)
{
    const int SmaTotal = LabSeed.SmaRuns + 2 + 1 + 3; // grid runs, best, history, study parent, 3 trials

    [Fact]
    public async Task Tree_groups_the_research_hierarchy_with_run_counts_and_the_best_sharpe()
    {
        await using var open = await DashboardPage.OpenAsync(fixture, "/experiments");
        var page = open.Page;

        Assert.Equal(["Alpha", "Beta", "Other experiments"], await page.Locator("#tree > details > summary .name").EvaluateAllAsync<string[]>(
            "els => els.map(e => e.firstChild.textContent)"));
        Assert.Equal((SmaTotal + LabSeed.EmaRuns + LabSeed.RsiRuns).ToString(Inv), await Cell(page, "Alpha", "n"));
        Assert.Equal((LabSeed.CarryRuns + LabSeed.OldRuns).ToString(Inv), await Cell(page, "Beta", "n"));
        Assert.Equal("2.5", await Cell(page, "Alpha", "best"));
        Assert.Equal((SmaTotal + LabSeed.EmaRuns).ToString(Inv),
            await page.InnerTextAsync("details[data-node=Alpha] details[data-node=Equities] details[data-node=Trend] > summary .n"));

        var sma = page.Locator($"[data-experiment='{fixture.Lab.SmaExperimentId}']");
        Assert.Equal(SmaTotal.ToString(Inv), await sma.Locator(".n").InnerTextAsync());
        Assert.Equal("2.5", await sma.Locator(".best").InnerTextAsync());
        Assert.Equal($"/experiments/{fixture.Lab.SmaExperimentId}?order_by=metrics.sharpe%20DESC", await sma.Locator(".best a").GetAttributeAsync("href"));
        Assert.Contains("research", await sma.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("quant-a", await sma.InnerTextAsync(), StringComparison.Ordinal);
        var rsi = page.Locator($"[data-experiment='{fixture.Lab.RsiExperimentId}']");
        Assert.Equal("1", await rsi.Locator(".best").InnerTextAsync()); // rsi-5: 0.2 × 5; the failed runs have no metrics
        var scratch = page.Locator($"[data-experiment='{fixture.Lab.ScratchExperimentId}']");
        Assert.Equal(LabSeed.ScratchName, await scratch.Locator(".name a").InnerTextAsync());
        Assert.Equal("—", await scratch.Locator(".best").InnerTextAsync());

        // a level folds on click
        Assert.True(await sma.IsVisibleAsync());
        await page.ClickAsync("details[data-node=Alpha] > summary");
        Assert.False(await sma.IsVisibleAsync());
        await page.ClickAsync("details[data-node=Alpha] > summary");
        Assert.True(await sma.IsVisibleAsync());

        await open.ScreenshotAsync("experiments");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Filters_live_in_the_url_and_the_best_drawdown_is_the_one_nearest_zero()
    {
        await using var open = await DashboardPage.OpenAsync(fixture, "/experiments");
        var page = open.Page;
        await page.SelectOptionAsync("select[name=team]", "quant-b");
        await page.FillAsync("input[name=metric]", "max_drawdown");
        await Task.WhenAll(page.WaitForURLAsync("**/experiments?**"), page.ClickAsync("#experiment-filters button[type=submit]"));
        await open.WaitReadyAsync();

        Assert.Contains("team=quant-b", page.Url, StringComparison.Ordinal);
        Assert.Contains("metric=max_drawdown", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#tree .leaf").CountAsync());
        Assert.Equal(1, await page.Locator($"[data-experiment='{fixture.Lab.RsiExperimentId}']").CountAsync());
        Assert.Equal("-0.2", await page.Locator($"[data-experiment='{fixture.Lab.RsiExperimentId}'] .best").InnerTextAsync());

        // the same URL, loaded fresh, shows the same view; a drawdown's best is the shallowest (−0.02 of sma-best)
        await open.GoAsync("/experiments?project=alpha&family=Trend&metric=max_drawdown");
        Assert.Equal(2, await page.Locator("#tree .leaf").CountAsync());
        Assert.Equal("-0.02", await page.Locator($"[data-experiment='{fixture.Lab.SmaExperimentId}'] .best").InnerTextAsync());
        Assert.Equal("alpha", (await page.Locator("select[name=project]").InputValueAsync()).ToLowerInvariant());

        await open.GoAsync("/experiments?status=archived");
        Assert.Contains("No experiments match", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        open.AssertCleanAndOffline();
    }

    static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    static Task<string> Cell(Microsoft.Playwright.IPage page, string node, string cls) =>
        page.InnerTextAsync($"#tree > details[data-node='{node}'] > summary .{cls}");
}
