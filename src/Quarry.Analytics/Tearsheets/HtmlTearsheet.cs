using System.Text;

namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// Renders a <see cref="Tearsheet"/> as one self-contained HTML file: all CSS, JavaScript and data inline, no fonts,
/// scripts or images fetched from anywhere, so it opens offline and can be mailed or archived as an artifact.
/// </summary>
/// <remarks>
/// <para>Charts (equity vs benchmark with a linear/log switch, underwater drawdown, yearly returns, return histogram,
/// rolling Sharpe/Sortino/volatility/beta, regimes) are drawn on canvas by a small embedded chart module from one JSON
/// data blob (<c>&lt;script type="application/json" id="quarry-data"&gt;</c>). Time charts share their zoom: drag across a
/// chart to zoom, Ctrl/⌘ + wheel (or pinch) to zoom around the pointer, double-click to reset; hovering shows the date
/// and values. Tables (metrics, monthly heatmap, regimes, drawdown episodes, trades) are plain HTML, so the page prints
/// and reads without script; the trades table sorts on a header click.</para>
/// <para>Values in the model are fractions; the page shows percentages. NaN or infinite values are null in the JSON and
/// "—" in tables. Series up to 10,000 periods are embedded in full (6 significant digits); longer ones are decimated
/// keeping each bucket's first, lowest and highest point. Optional series whose length differs from
/// <see cref="Tearsheet.Time"/> are left out.</para>
/// <para>Stateless and thread-safe; the model is only read.</para>
/// </remarks>
public static class HtmlTearsheet
{
    /// <summary>Renders the tearsheet to an HTML document.</summary>
    /// <param name="t">The tearsheet; <see cref="Tearsheet.Returns"/> must have one value per <see cref="Tearsheet.Time"/>.</param>
    /// <returns>The complete HTML document (about 0.5 MB for 5,000 periods with a benchmark).</returns>
    /// <exception cref="ArgumentException">Returns and timestamps differ in length.</exception>
    public static string Render(Tearsheet t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var view = new TearsheetView(t);
        var html = new StringBuilder(256 * 1024);
        TearsheetPage.Write(html, t, view, TearsheetJson.Build(t, view));
        return html.ToString();
    }

    /// <summary>
    /// Renders the tearsheet and writes it to <paramref name="path"/> (UTF-8) through a temporary file and a rename,
    /// so an existing file is replaced whole or not at all. Creates the directory when missing.
    /// </summary>
    /// <param name="t">The tearsheet.</param>
    /// <param name="path">Target file, e.g. "tearsheet.html".</param>
    public static void Write(Tearsheet t, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteText(path, Render(t));
    }
}
