using System.Globalization;
using System.Text.RegularExpressions;

namespace Quarry.Server.Dashboard.Html;

/// <summary>
/// The inline error of a search box: the parser's message and, when the message names a position ("Invalid filter at
/// position N", "Invalid registered model filter at position N", "Invalid order_by … at position N"), the offending text with a caret under that position.
/// </summary>
internal static partial class FilterErrorBox
{
    [GeneratedRegex(@"at position (\d+)")]
    private static partial Regex PositionPattern();

    /// <summary>Writes <c>&lt;div class="filter-error" id="filter-error"&gt;</c> for <paramref name="error"/>.</summary>
    public static void Write(HtmlWriter h, string error, string? filter, string? orderBy)
    {
        h.Add($"""<div class="filter-error" role="alert" id="filter-error"><div>{error}</div>""");
        string? text = error.StartsWith("Invalid order_by", StringComparison.Ordinal) ? orderBy
            : error.StartsWith("Invalid", StringComparison.Ordinal) && error.Contains("filter at position", StringComparison.Ordinal) ? filter : null;
        var m = PositionPattern().Match(error);
        if (text is not null && m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int position))
        {
            position = Math.Clamp(position, 0, text.Length);
            h.Add($"""<pre data-position="{position}">{text}{"\n"}{new string(' ', position)}<span class="caret">^</span></pre>""");
        }
        h.Raw("</div>\n");
    }
}
