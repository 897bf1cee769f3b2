using Microsoft.Playwright;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// A real server over a fresh SQLite file whose data folder is samples/data, and a headless system Chromium: the
/// backtest launcher's browser tests launch real jobs, so they get a store of their own (the shared dashboard store's
/// counts stay as seeded).
/// </summary>
public sealed class LauncherFixture : IAsyncLifetime
{
    RunningServer? _server;
    IPlaywright? _playwright;

    internal RunningServer Server => _server ?? throw new InvalidOperationException("The fixture is not started.");
    internal IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(o => o with { DataRoot = SampleData.Folder });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Require(), Headless = true, Args = Chromium.Args,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    internal Task<DashboardPage> OpenAsync(string path) => DashboardPage.OpenAsync(Browser, Server.BaseAddress, path);
}
