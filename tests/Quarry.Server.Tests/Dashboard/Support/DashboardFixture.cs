using Microsoft.Playwright;
using Quarry.Server.Tests.Support;
using Quarry.Tracking.Storage;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// One real Quarry server on loopback over a SQLite file seeded with <see cref="LabSeed"/> through the store, and one
/// headless system Chromium (never a downloaded browser), shared by the dashboard's browser tests.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    RunningServer? _server;
    IPlaywright? _playwright;
    string? _file;

    internal RunningServer Server => _server ?? throw new InvalidOperationException("The fixture is not started.");
    internal LabSeed Lab { get; private set; } = null!;
    internal IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string file = _file = Path.Combine(Path.GetTempPath(), "quarry-dashboard-" + Guid.NewGuid().ToString("N") + ".db");
        using (var store = SqlTrackingStore.Open("sqlite:" + file))
            Lab = await LabSeed.WriteAsync(store);
        _server = await RunningServer.StartAsync(o => o with { Store = "sqlite:" + file });
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
        if (_file is not null) File.Delete(_file);
    }
}

/// <summary>The dashboard's browser tests share one server and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}

/// <summary>The system Chromium the browser tests drive; they fail (not skip) without it.</summary>
internal static class Chromium
{
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static string Require()
    {
        string? path = Environment.GetEnvironmentVariable("QUARRY_CHROMIUM") is { Length: > 0 } env && File.Exists(env) ? env
            : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        return path ?? throw new Xunit.Sdk.XunitException(
            "Chromium is required by the dashboard browser tests and was not found (QUARRY_CHROMIUM, /usr/bin/chromium). " +
            "Run ./test.sh, which installs it (apt-get install -y chromium).");
    }
}
