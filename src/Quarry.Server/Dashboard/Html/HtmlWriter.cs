using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Quarry.Server.Dashboard.Html;

/// <summary>
/// Builds an HTML document. <see cref="Add"/> takes an interpolated string whose literal parts are markup and whose
/// holes are encoded (text and attribute values alike), so a value from the store can never become markup; a hole of
/// type <see cref="RawHtml"/> is inserted as is. Not thread-safe.
/// </summary>
internal sealed class HtmlWriter
{
    /// <summary>The document so far.</summary>
    public StringBuilder Builder { get; } = new(32 * 1024);

    /// <summary>Appends markup with every hole encoded.</summary>
    public HtmlWriter Add([InterpolatedStringHandlerArgument("")] ref HtmlInterpolation html) => this;

    /// <summary>Appends trusted markup (a constant or markup this writer produced).</summary>
    public HtmlWriter Raw(string html)
    {
        Builder.Append(html);
        return this;
    }

    /// <summary>Appends encoded text.</summary>
    public HtmlWriter Text(string? text)
    {
        Encode(Builder, text);
        return this;
    }

    /// <summary>The document.</summary>
    public override string ToString() => Builder.ToString();

    /// <summary>Appends <paramref name="text"/> with &amp;, &lt;, &gt;, quotes and apostrophes encoded (safe in text and in quoted attributes).</summary>
    public static void Encode(StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            string? entity = text[i] switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;", _ => null,
            };
            if (entity is null) continue;
            sb.Append(text, start, i - start).Append(entity);
            start = i + 1;
        }
        sb.Append(text, start, text.Length - start);
    }

    /// <summary>The encoded form of <paramref name="text"/>.</summary>
    public static string Encode(string? text)
    {
        var sb = new StringBuilder((text?.Length ?? 0) + 16);
        Encode(sb, text);
        return sb.ToString();
    }
}

/// <summary>Markup inserted unencoded by <see cref="HtmlWriter.Add"/>.</summary>
/// <param name="Html">The markup.</param>
internal readonly record struct RawHtml(string Html);

/// <summary>The interpolated-string handler behind <see cref="HtmlWriter.Add"/>: literals are markup, holes are encoded.</summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlInterpolation
{
    readonly StringBuilder _sb;

    public HtmlInterpolation(int literalLength, int formattedCount, HtmlWriter writer)
    {
        _ = literalLength;
        _ = formattedCount;
        _sb = writer.Builder;
    }

    public void AppendLiteral(string markup) => _sb.Append(markup);

    public void AppendFormatted(string? text) => HtmlWriter.Encode(_sb, text);

    public void AppendFormatted(RawHtml html) => _sb.Append(html.Html);

    public void AppendFormatted(int value) => _sb.Append(value.ToString(CultureInfo.InvariantCulture));

    public void AppendFormatted(long value) => _sb.Append(value.ToString(CultureInfo.InvariantCulture));
}
