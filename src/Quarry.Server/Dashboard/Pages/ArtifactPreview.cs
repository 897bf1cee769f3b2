using System.Text;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// Reads the start of an artifact for the viewer without loading the file: the first <see cref="MaxRows"/> rows of a
/// CSV/TSV (quoted fields with separators, doubled quotes and line breaks are read as RFC 4180 says) or the first
/// <see cref="MaxTextBytes"/> bytes of a text file. Allocates only what it shows.
/// </summary>
internal static class ArtifactPreview
{
    public const int MaxRows = 200, MaxColumns = 60, MaxTextBytes = 256 * 1024;

    /// <summary>Writes the header and first rows as a table; says whether more rows follow.</summary>
    public static async Task WriteTableAsync(HtmlWriter h, Stream content, char separator, CancellationToken ct)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var header = await ReadRecordAsync(reader, separator, ct).ConfigureAwait(false);
        if (header is null)
        {
            h.Raw("<p class=\"empty\">The file is empty.</p>");
            return;
        }
        h.Raw("<div class=\"tbl-scroll artifact-table\"><table id=\"artifact-csv\"><thead><tr>");
        foreach (var cell in header.Take(MaxColumns)) h.Add($"<th>{cell}</th>");
        h.Raw("</tr></thead><tbody>");
        int rows = 0;
        bool more = false;
        while (await ReadRecordAsync(reader, separator, ct).ConfigureAwait(false) is { } record)
        {
            if (rows == MaxRows) { more = true; break; }
            rows++;
            h.Raw("<tr>");
            foreach (var cell in record.Take(MaxColumns)) h.Add($"<td>{cell}</td>");
            h.Raw("</tr>");
        }
        h.Raw("</tbody></table></div>");
        h.Add($"""<p class="hint" id="artifact-rows" data-rows="{rows}" data-more="{(more ? "true" : "false")}">""");
        h.Text(more ? $"The first {rows:N0} rows are shown; download the file for the rest." : $"All {rows:N0} rows.");
        if (header.Count > MaxColumns) h.Text($" The first {MaxColumns} of {header.Count} columns.");
        h.Raw("</p>");
    }

    /// <summary>Writes the text, capped at <see cref="MaxTextBytes"/>; says when it was cut.</summary>
    public static async Task WriteTextAsync(HtmlWriter h, Stream content, long length, CancellationToken ct)
    {
        var buffer = new byte[(int)Math.Min(length, MaxTextBytes)];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await content.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0) break;
            read += n;
        }
        string text = new UTF8Encoding(false, false).GetString(buffer, 0, read);
        h.Add($"""<pre class="artifact-text" id="artifact-text">{text}</pre>""");
        if (length > read) h.Add($"""<p class="hint" id="artifact-cut">The first {RunArtifacts.Size(read)} of {RunArtifacts.Size(length)} are shown; download the file for the rest.</p>""");
    }

    /// <summary>One CSV record, or null at the end of the input.</summary>
    public static async Task<List<string>?> ReadRecordAsync(TextReader reader, char separator, CancellationToken ct)
    {
        string? line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
        if (line is null) return null;
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        while (true)
        {
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c != '"') cell.Append(c);
                    else if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                    else quoted = false;
                }
                else if (c == '"' && cell.Length == 0) quoted = true;
                else if (c == separator) { cells.Add(cell.ToString()); cell.Clear(); }
                else cell.Append(c);
            }
            if (!quoted || cell.Length > 64 * 1024) break;
            // A quoted field holds a line break: the record continues on the next line.
            string? next = await reader.ReadLineAsync(ct).ConfigureAwait(false);
            if (next is null) break;
            cell.Append('\n');
            line = next;
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
