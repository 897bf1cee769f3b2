using Microsoft.Playwright;
using Quarry.Analytics.Tearsheets;

namespace Quarry.Analytics.Tests.Tearsheets;

/// <summary>The system Chromium the browser tests drive; they fail (not skip) without it.</summary>
internal static class Chromium
{
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>The Chromium executable, or a test failure saying how to get one.</summary>
    public static string Require() => PdfPrinter.FindChromium() ?? throw new Xunit.Sdk.XunitException(
        "Chromium is required by the tearsheet browser and PDF tests and was not found (QUARRY_CHROMIUM, " +
        string.Join(", ", PdfPrinter.KnownLocations) + "). Run ./test.sh, which installs it (apt-get install -y chromium).");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Require(), Headless = true, Args = Args });
}
