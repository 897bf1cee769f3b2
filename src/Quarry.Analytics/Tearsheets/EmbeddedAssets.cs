namespace Quarry.Analytics.Tearsheets;

/// <summary>The tearsheet's CSS and JavaScript, embedded in this assembly (Tearsheets/Assets) and read once.</summary>
internal static class EmbeddedAssets
{
    static readonly Lazy<string> ChartsJs = new(() => Read("charts.js"));
    static readonly Lazy<string> PageJs = new(() => Read("tearsheet.js"));
    static readonly Lazy<string> Css = new(() => Read("charts.css") + Read("tearsheet.css"));

    /// <summary>The chart module (window.QuarryCharts).</summary>
    public static string Charts => ChartsJs.Value;

    /// <summary>The page script that draws the charts from the JSON blob.</summary>
    public static string Page => PageJs.Value;

    /// <summary>The stylesheet, screen and print: the chart module's styles, then the page's.</summary>
    public static string Stylesheet => Css.Value;

    static string Read(string name)
    {
        string resource = "Quarry.Analytics.Tearsheets." + name;
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from Quarry.Analytics.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
