using System.Net;
using Quarry.Server.Tests.Dashboard.Support;

namespace Quarry.Server.Tests.Dashboard;

[Collection(DashboardCollection.Name)]
public sealed class OverviewPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Overview_shows_the_counts_and_recent_runs_offline_without_errors()
    {
        await using var open = await DashboardPage.OpenAsync(fixture, "/");
        var page = open.Page;

        Assert.Equal("Research overview · Quarry", await page.TitleAsync());
        // Default + the 5 seeded experiments; every run; all but the 3 old ones; the 2 failed RSI runs
        Assert.Equal("6", await page.InnerTextAsync("[data-card=experiments] .v"));
        Assert.Equal(LabSeed.TotalRuns.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-card=runs] .v"));
        Assert.Equal(LabSeed.RecentRuns.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-card=runs-7d] .v"));
        Assert.Equal(LabSeed.RsiFailed.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-card=failed] .v"));
        Assert.Equal("0", await page.InnerTextAsync("[data-card=studies] .v"));
        Assert.Contains("no trials running", await page.InnerTextAsync("[data-card=studies]"), StringComparison.Ordinal); // the lab has no studies
        Assert.Contains("1 running", await page.InnerTextAsync("[data-card=runs]"), StringComparison.Ordinal);

        var rows = page.Locator("#recent-runs tbody tr");
        Assert.Equal(12, await rows.CountAsync());
        Assert.Equal(LabSeed.NewestRunName, await rows.Nth(0).Locator("td").Nth(0).InnerTextAsync());
        Assert.Equal("carry-3", await rows.Nth(1).Locator("td").Nth(0).InnerTextAsync());
        // the experiment name is text, not markup
        Assert.Equal(LabSeed.ScratchName, await rows.Nth(0).Locator("td").Nth(1).InnerTextAsync());
        Assert.Equal(0, await page.Locator("#recent-runs b").CountAsync());

        // links lead into the runs and experiments
        Assert.Equal("/experiments/" + fixture.Lab.CarryExperimentId, await rows.Nth(1).Locator("td").Nth(1).Locator("a").GetAttributeAsync("href"));
        Assert.Equal("/experiments", await page.GetAttributeAsync("[data-card=experiments]", "href"));
        Assert.Matches("^/runs/[0-9a-f]{32}$", await rows.Nth(0).Locator("td").Nth(0).Locator("a").GetAttributeAsync("href"));

        await open.ScreenshotAsync("overview");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Assets_are_cached_when_versioned_and_revalidated_otherwise()
    {
        var http = fixture.Server.Http;
        string html = await http.GetStringAsync("/");
        var css = System.Text.RegularExpressions.Regex.Match(html, "/assets/dashboard\\.css\\?v=([0-9a-f]{12})");
        Assert.True(css.Success, "the page links a versioned stylesheet");

        using var versioned = await http.GetAsync(css.Value);
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl?.ToString());
        Assert.Equal("text/css", versioned.Content.Headers.ContentType?.MediaType);
        string body = await versioned.Content.ReadAsStringAsync();
        Assert.Contains(".qc-tip", body, StringComparison.Ordinal); // the chart styles come first
        Assert.Contains(".topbar", body, StringComparison.Ordinal);

        using var plain = await http.GetAsync("/assets/charts.js");
        Assert.True(plain.Headers.CacheControl is { NoCache: true, Public: true, MaxAge: null }, plain.Headers.CacheControl?.ToString());
        Assert.Contains("QuarryCharts", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/charts.js");
        again.Headers.IfNoneMatch.Add(plain.Headers.ETag!);
        using var notModified = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var missing = await http.GetAsync("/assets/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Pages_forbid_loading_anything_from_elsewhere()
    {
        using var response = await fixture.Server.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }
}
