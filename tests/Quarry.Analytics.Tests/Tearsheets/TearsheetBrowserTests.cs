using Microsoft.Playwright;
using Quarry.Analytics.Tearsheets;
using Xunit.Abstractions;

namespace Quarry.Analytics.Tests.Tearsheets;

/// <summary>Opens a written tearsheet in real headless Chromium (Playwright, the system browser) and uses it.</summary>
public sealed class TearsheetBrowserTests(ITestOutputHelper output)
{
    const string ChartsDrawn = """
        () => [...document.querySelectorAll('[data-chart]')].map(host => {
          const c = host.querySelector('canvas.qc-canvas');
          let coloured = 0;
          if (c && c.width > 0) {
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < px.length; i += 4)
              if (px[i + 3] > 0 && Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 40) coloured++;
          }
          return { name: host.dataset.chart, rendered: host.dataset.rendered === 'true', error: host.dataset.error || '', coloured };
        })
        """;

    [Fact]
    public async Task Tearsheet_renders_offline_in_chromium_with_hover_and_zoom()
    {
        string chromium = Chromium.Require();
        string html = Path.Combine(TestPaths.Results("tearsheets"), "tearsheet.html");
        HtmlTearsheet.Write(SyntheticTearsheet.Create(periods: 2500, trades: 150), html);
        string url = new Uri(html).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var (page, watch) = await OpenAsync(browser, url);
        var problems = watch.Problems;
        await page.WaitForFunctionAsync("document.documentElement.dataset.ready === 'true'", null, new() { Timeout = 15_000 });

        var charts = await page.EvaluateAsync<ChartState[]>(ChartsDrawn);
        Assert.Equal(["equity", "drawdown", "yearly", "histogram", "rolling-sharpe", "rolling-sortino", "rolling-volatility",
            "rolling-beta", "regimes"], charts.Select(c => c.Name));
        foreach (var c in charts)
        {
            Assert.True(c.Rendered, $"chart {c.Name} did not render: {c.Error}");
            Assert.True(c.Coloured > 300, $"chart {c.Name} looks blank ({c.Coloured} coloured pixels)");
        }

        // hover on the equity chart shows a tooltip with the date and the values
        var equity = page.Locator("[data-chart=equity]");
        var overlay = equity.Locator("canvas.qc-overlay");
        var box = (await overlay.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f);
        var tip = equity.Locator(".qc-tip");
        await Assertions.Expect(tip).ToBeVisibleAsync();
        string tipText = await tip.InnerTextAsync();
        output.WriteLine("tooltip: " + tipText.Replace('\n', ' '));
        Assert.Matches(@"\d{1,2} [A-Z][a-z]{2} \d{4}", tipText);
        Assert.Contains("Strategy", tipText);
        Assert.Contains("SPY", tipText);
        Assert.Contains("%", tipText);
        string shots = TestPaths.Results("screenshots");
        await page.Locator("#panel-equity").ScreenshotAsync(new() { Path = Path.Combine(shots, "equity-hover.png") });

        // drag-select zooms the equity chart, and the linked drawdown chart with it
        long min0 = await XAttr(equity, "data-x-min"), max0 = await XAttr(equity, "data-x-max");
        await page.Mouse.MoveAsync(box.X + box.Width * 0.3f, box.Y + box.Height * 0.5f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.45f, box.Y + box.Height * 0.5f, new() { Steps = 5 });
        await page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height * 0.5f, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        long min1 = await XAttr(equity, "data-x-min"), max1 = await XAttr(equity, "data-x-max");
        Assert.True(min1 > min0 && max1 < max0 && max1 - min1 < (max0 - min0) * 0.5,
            $"zoom did not narrow the range: [{min0}, {max0}] -> [{min1}, {max1}]");
        await page.ClickAsync("button[data-scale=log]");
        await page.Locator("#panel-equity").ScreenshotAsync(new() { Path = Path.Combine(shots, "equity-zoomed-log.png") });
        await page.ClickAsync("button[data-scale=linear]");
        var drawdown = page.Locator("[data-chart=drawdown]");
        Assert.Equal(min1, await XAttr(drawdown, "data-x-min"));

        // ctrl + wheel zooms in further around the pointer; double-click resets
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f);
        await page.Keyboard.DownAsync("Control");
        await page.Mouse.WheelAsync(0, -200);
        await page.Keyboard.UpAsync("Control");
        await page.WaitForFunctionAsync($"document.querySelector('[data-chart=equity]').dataset.xMin > {min1}", null, new() { Timeout = 5_000 });
        await overlay.DblClickAsync();
        Assert.Equal(min0, await XAttr(equity, "data-x-min"));
        Assert.Equal(max0, await XAttr(equity, "data-x-max"));

        // log scale switch and trade sorting work without errors
        await page.ClickAsync("button[data-scale=log]");
        await page.ClickAsync("button[data-scale=linear]");
        await page.ClickAsync("table.trades th:nth-child(9)");
        var pnl = await page.EvalOnSelectorAllAsync<double[]>("table.trades tbody tr td:nth-child(9)", "tds => tds.map(td => +td.dataset.v)");
        Assert.Equal(pnl.Order(), pnl);

        await page.Mouse.MoveAsync(0, 0);
        string shot = Path.Combine(shots, "tearsheet.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        output.WriteLine("screenshot: " + shot + ", chromium: " + chromium);

        Assert.Empty(problems);
        Assert.Empty(watch.Blocked);
        Assert.All(watch.Requests, r => Assert.Equal(url, r));
    }

    [Fact]
    public async Task Network_guard_catches_a_page_that_fetches_something()
    {
        Chromium.Require();
        string html = Path.Combine(TestPaths.TempDir(), "leaky.html");
        File.WriteAllText(html, HtmlTearsheet.Render(SyntheticTearsheet.Create(periods: 300, trades: 5))
            .Replace("</body>", "<img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\"></body>", StringComparison.Ordinal));
        string url = new Uri(html).AbsoluteUri;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var (page, watch) = await OpenAsync(browser, url);
        await page.WaitForFunctionAsync("document.documentElement.dataset.ready === 'true'");
        Assert.Contains("http://127.0.0.1:9/pixel.png", watch.Blocked);
        Assert.Contains("http://127.0.0.1:9/pixel.png", watch.Requests);
    }

    /// <summary>Opens <paramref name="url"/> in a 1440 × 900 page that lets only <paramref name="url"/> itself load.</summary>
    static async Task<(IPage Page, Watch Watch)> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var watch = new Watch();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == url) await route.ContinueAsync();
            else { lock (watch) watch.Blocked.Add(route.Request.Url); await route.AbortAsync(); }
        });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (watch) watch.Problems.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (watch) watch.Problems.Add("page error: " + e); };
        page.Request += (_, r) => { lock (watch) watch.Requests.Add(r.Url); };
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return (page, watch);
    }

    sealed class Watch
    {
        public List<string> Problems { get; } = [];
        public List<string> Requests { get; } = [];
        public List<string> Blocked { get; } = [];
    }

    static async Task<long> XAttr(ILocator chart, string name) => long.Parse((await chart.GetAttributeAsync(name))!, System.Globalization.CultureInfo.InvariantCulture);

    sealed class ChartState
    {
        public string Name { get; set; } = "";
        public bool Rendered { get; set; }
        public string Error { get; set; } = "";
        public int Coloured { get; set; }
    }
}
