using Microsoft.Playwright;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// A dashboard page open in a 1440 × 900 browser context that lets only the server's own URLs load: everything else is
/// aborted and recorded, as are console errors and warnings, page errors and failed requests.
/// </summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    readonly IBrowserContext _context;

    DashboardPage(IBrowserContext context, IPage page, Uri server)
    {
        _context = context;
        Page = page;
        Server = server;
    }

    public IPage Page { get; }
    public Uri Server { get; }
    public List<string> Problems { get; } = [];
    public List<string> Requests { get; } = [];
    public List<string> Blocked { get; } = [];

    public static Task<DashboardPage> OpenAsync(DashboardFixture fixture, string path) => OpenAsync(fixture.Browser, fixture.Server.BaseAddress, path);

    /// <summary>Opens <paramref name="path"/> of another server (one with its own store) in the shared browser.</summary>
    public static async Task<DashboardPage> OpenAsync(IBrowser browser, Uri server, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var open = new DashboardPage(context, page, server);
        string origin = server.GetLeftPart(UriPartial.Authority) + "/";
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(origin, StringComparison.Ordinal)) await route.ContinueAsync();
            else { lock (open) open.Blocked.Add(route.Request.Url); await route.AbortAsync(); }
        });
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (open) open.Problems.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (open) open.Problems.Add("page error: " + e); };
        page.Request += (_, r) => { lock (open) open.Requests.Add(r.Url); };
        page.Response += (_, r) => { if (r.Status >= 400 && r.Request.ResourceType != "document") lock (open) open.Problems.Add($"HTTP {r.Status}: {r.Url}"); };
        await open.GoAsync(path);
        return open;
    }

    /// <summary>Navigates to <paramref name="path"/> (relative to the server) and waits until the page script is done.</summary>
    public async Task<IResponse?> GoAsync(string path)
    {
        var response = await Page.GotoAsync(new Uri(Server, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await WaitReadyAsync();
        return response;
    }

    // Waits use selectors, not WaitForFunction: its polling evaluates strings, which the pages' CSP (rightly) forbids.

    /// <summary>Clicks what leads to another page and waits until that page's script is done.</summary>
    public async Task ClickAndWaitAsync(string selector)
    {
        await Page.EvaluateAsync("() => { document.documentElement.dataset.stale = 'true'; }");
        await Page.ClickAsync(selector);
        await Page.WaitForSelectorAsync("html[data-ready='true']:not([data-stale])", new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });
    }

    public Task WaitReadyAsync() =>
        Page.WaitForSelectorAsync("html[data-ready='true']", new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });

    /// <summary>Asserts the page logged no errors and fetched nothing but the server's own URLs.</summary>
    public void AssertCleanAndOffline()
    {
        Assert.Empty(Problems);
        Assert.Empty(Blocked);
        string origin = Server.GetLeftPart(UriPartial.Authority) + "/";
        Assert.All(Requests, r => Assert.StartsWith(origin, r, StringComparison.Ordinal));
        Assert.NotEmpty(Requests);
    }

    /// <summary>Saves a full-page screenshot as test-results/screenshots/dashboard-&lt;name&gt;.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        await Page.Mouse.MoveAsync(0, 0);
        string path = Path.Combine(ResultsDirectory("screenshots"), $"dashboard-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>test-results/&lt;name&gt; under the repository root, created.</summary>
    static string ResultsDirectory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx")))
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "test-results", name)).FullName;
        throw new InvalidOperationException("Quarry.slnx not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
