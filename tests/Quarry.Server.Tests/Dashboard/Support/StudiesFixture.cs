using Microsoft.Playwright;
using Quarry.Optimization.Storage;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// A real Quarry server whose tracking database also holds the studies (the default: <c>--studies</c> unset), a
/// storage handle on that database for the tests to write trials while pages are open, and a headless system Chromium.
/// Tests use unique study names.
/// </summary>
public sealed class StudiesFixture : IAsyncLifetime
{
    RunningServer? _server;
    IPlaywright? _playwright;

    internal RunningServer Server => _server ?? throw new InvalidOperationException("The fixture is not started.");
    internal SqlStudyStorage Storage { get; private set; } = null!;
    internal IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        Storage = SqlStudyStorage.Open("sqlite:" + Path.Combine(_server.Directory, "tracking.db"));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Require(), Headless = true, Args = Chromium.Args,
        });
    }

    internal Task<DashboardPage> OpenAsync(string path) => DashboardPage.OpenAsync(Browser, Server.BaseAddress, path);

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Storage?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>The study pages' browser tests share one server and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class StudiesCollection : ICollectionFixture<StudiesFixture>
{
    public const string Name = "studies";
}
