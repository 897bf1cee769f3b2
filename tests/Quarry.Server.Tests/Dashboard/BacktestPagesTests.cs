using System.Text.Json;
using Microsoft.Playwright;
using Quarry.Server.Tests.Dashboard.Support;
using Quarry.Server.Tests.Jobs;

namespace Quarry.Server.Tests.Dashboard;

public sealed class BacktestPagesTests(LauncherFixture fixture) : IClassFixture<LauncherFixture>
{
    static readonly PageWaitForSelectorOptions Finished = new() { State = WaitForSelectorState.Attached, Timeout = 120_000 };

    [Fact]
    public async Task Launcher_form_fills_the_strategys_parameters_and_keeps_the_choice_in_the_url()
    {
        await using var open = await fixture.OpenAsync("/backtests/new");
        var page = open.Page;
        Assert.Equal("New backtest · Quarry", await page.TitleAsync());
        Assert.Equal("10", await page.InputValueAsync("fieldset[data-strategy='sma-cross'] [data-param='fast']"));
        Assert.Equal("2", await page.GetAttributeAsync("fieldset[data-strategy='sma-cross'] [data-param='fast']", "min"));
        Assert.Equal("100", await page.GetAttributeAsync("fieldset[data-strategy='sma-cross'] [data-param='fast']", "max"));
        Assert.True(await page.IsVisibleAsync("fieldset[data-strategy='sma-cross']"));
        Assert.False(await page.IsVisibleAsync("fieldset[data-strategy='rsi-reversion']"));
        Assert.Contains("orcl-1995-2014", await page.Locator("#symbol option").AllInnerTextsAsync());

        await page.SelectOptionAsync("#strategy", "rsi-reversion");
        Assert.True(await page.IsVisibleAsync("fieldset[data-strategy='rsi-reversion']"));
        Assert.False(await page.IsVisibleAsync("fieldset[data-strategy='sma-cross']"));
        Assert.EndsWith("/backtests/new?strategy=rsi-reversion", page.Url, StringComparison.Ordinal);
        await open.ScreenshotAsync("backtest-new");
        open.AssertCleanAndOffline();

        // the URL holds the choice: reloading it shows that strategy's parameters
        await open.GoAsync("/backtests/new?strategy=rsi-reversion");
        Assert.Equal("rsi-reversion", await page.InputValueAsync("#strategy"));
        Assert.True(await page.IsVisibleAsync("fieldset[data-strategy='rsi-reversion']"));
    }

    [Fact]
    public async Task A_launched_backtest_finishes_and_its_tearsheet_opens()
    {
        await using var open = await fixture.OpenAsync("/backtests/new?strategy=sma-cross");
        var page = open.Page;
        await page.FillAsync("fieldset[data-strategy='sma-cross'] [data-param='fast']", "15");
        await page.FillAsync("fieldset[data-strategy='sma-cross'] [data-param='slow']", "50");
        await page.SelectOptionAsync("#symbol", "orcl-1995-2014");
        await page.FillAsync("#start", "2001-01-01");
        await page.FillAsync("#end", "2012-12-31");
        await page.FillAsync("#commission", "0.0005");
        await page.FillAsync("#capital", "25000");
        await open.ScreenshotAsync("backtest-filled");
        await page.ClickAsync("#launch-button");
        // The first launch JITs the whole jobs path while the other test projects run on the same 2 cores: allow a minute,
        // and if the page stays, say what it shows.
        try
        {
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/backtests/[0-9a-f]{32}$"), new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            string shown = await page.Locator("#launch-error").IsVisibleAsync() ? await page.InnerTextAsync("#launch-error") : "(no error shown)";
            Assert.Fail($"the launch did not open the job page; still at {page.Url}: {shown}");
        }
        string jobId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.WaitForSelectorAsync("#job[data-state='finished']", Finished);
        await open.WaitReadyAsync();

        using var job = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync("/api/quarry/backtests/" + jobId));
        var status = job.RootElement;
        Assert.Equal("finished", status.GetProperty("state").GetString());
        Assert.Equal("15", status.GetProperty("params").GetProperty("fast").GetString());
        Assert.Equal(25_000, status.GetProperty("capital").GetDouble());
        Assert.Equal("Finished", await page.InnerTextAsync("#job-state"));
        double sharpe = status.GetProperty("metrics").GetProperty("sharpe").GetDouble();
        Assert.False(string.IsNullOrEmpty(await page.InnerTextAsync("[data-card='metric-sharpe'] .v")));
        Assert.Equal(Math.Round(sharpe, 3), Math.Round(double.Parse(await page.InnerTextAsync("[data-card='metric-sharpe'] .v"), System.Globalization.CultureInfo.InvariantCulture), 3));
        string runId = status.GetProperty("run_id").GetString()!;
        Assert.Equal("/runs/" + runId, await page.GetAttributeAsync("#run-link", "href"));
        await open.ScreenshotAsync("backtest-finished");
        open.AssertCleanAndOffline();

        // the tearsheet opens from the artifact store and draws its charts
        await page.ClickAsync("#tearsheet-link");
        await page.WaitForURLAsync("**/runs/" + runId + "/tearsheet");
        await page.WaitForSelectorAsync("canvas", new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });
        Assert.Contains("sma-cross", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Empty(open.Problems);
        Assert.Empty(open.Blocked);
        await open.ScreenshotAsync("backtest-tearsheet");

        // and the tracked run's page lists its artifacts
        await open.GoAsync("/runs/" + runId);
        Assert.Equal(1, await page.Locator("#artifacts a", new() { HasText = "tearsheet.html" }).CountAsync());
        Assert.Equal("15", await page.InnerTextAsync("#params tr:has(td.key:text-is('fast')) td.value"));
    }

    [Fact]
    public async Task A_refused_launch_shows_the_servers_message_and_marks_the_field()
    {
        await using var open = await fixture.OpenAsync("/backtests/new?strategy=sma-cross");
        var page = open.Page;
        await page.FillAsync("#start", "2005-02-01");
        await page.FillAsync("#end", "2004-01-01");
        await page.ClickAsync("#launch-button");
        await page.WaitForSelectorAsync("#launch-error:not([hidden])");
        Assert.Equal("'end' 2004-01-01 is before 'start' 2005-02-01 (fix: swap them).", await page.InnerTextAsync("#launch-error"));
        Assert.Contains("invalid", await page.GetAttributeAsync("#end", "class"), StringComparison.Ordinal);
        Assert.False(await page.IsDisabledAsync("#launch-button"));
        Assert.EndsWith("/backtests/new?strategy=sma-cross", page.Url, StringComparison.Ordinal);
        Assert.Empty(open.Blocked);
        await open.ScreenshotAsync("backtest-refused");
    }

    [Fact]
    public async Task A_failed_job_shows_its_error()
    {
        string id = await BacktestJobsClient.LaunchAsync(fixture.Server.Http,
            new { strategy = "ema-cross", symbol = "spy-2000-2016", start = "1990-01-01", end = "1990-06-30" });
        await using var open = await fixture.OpenAsync("/backtests/" + id);
        var page = open.Page;
        await page.WaitForSelectorAsync("#job[data-state='failed']", Finished);
        await open.WaitReadyAsync();
        Assert.Equal("Failed", await page.InnerTextAsync("#job-state"));
        Assert.Equal("spy-2000-2016: no bars between 1990-01-01 and 1990-06-30 (fix: choose dates inside the file's range).", await page.InnerTextAsync("#job-error"));
        Assert.Equal(0, await page.Locator("#tearsheet-link").CountAsync());
        await open.ScreenshotAsync("backtest-failed");
        open.AssertCleanAndOffline();
    }
}
