using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Quarry.Server.Dashboard.Html;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/experiments/{id}/runs.csv</c>: every run of a <see cref="RunsView"/> (same filter, order and columns; paging
/// ignored) as RFC 4180 CSV, streamed page by page from the store so memory stays flat however many runs match. Columns:
/// run_id, run_name, status, start_time, end_time (ISO 8601 UTC), user_id, then <c>metrics.KEY</c>,
/// <c>params.KEY</c>, <c>tags.KEY</c>; metric values round-trip (invariant "R"), missing values are empty.
/// </summary>
internal static class RunsCsv
{
    const int PageSize = 5000; // fewer, larger pages: each one re-walks the offset before it

    public static async Task WriteAsync(DashboardServices s, HttpContext context, string experimentId)
    {
        var ct = context.RequestAborted;
        var experiment = await s.Store.GetExperimentAsync(experimentId, ct).ConfigureAwait(false);
        var view = RunsView.From(experiment.ExperimentId, context.Request).FirstPage;
        IReadOnlyList<string>? orderBy = view.OrderBy is null ? null : [view.OrderBy];
        // The first page is read before anything is written, so a bad filter is still an ordinary 400 error.
        var page = await s.Store.SearchRunsAsync([experiment.ExperimentId], view.Filter, ViewType.ActiveOnly, PageSize, orderBy, null, ct).ConfigureAwait(false);
        var columns = RunColumns.Resolve(view, page.Runs);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(experiment.Name)}-runs.csv\"";
        context.Response.Headers.CacheControl = "no-cache";
        var line = new StringBuilder(1024);
        Header(line, columns);
        await FlushAsync(context, line, ct).ConfigureAwait(false);
        while (true)
        {
            foreach (var run in page.Runs)
            {
                Row(line, run, columns);
                if (line.Length > 32 * 1024) await FlushAsync(context, line, ct).ConfigureAwait(false);
            }
            await FlushAsync(context, line, ct).ConfigureAwait(false);
            if (page.NextPageToken is not { } next) break;
            page = await s.Store.SearchRunsAsync([experiment.ExperimentId], view.Filter, ViewType.ActiveOnly, PageSize, orderBy, next, ct).ConfigureAwait(false);
        }
    }

    static void Header(StringBuilder line, RunColumns columns)
    {
        line.Append("run_id,run_name,status,start_time,end_time,user_id");
        foreach (var k in columns.Metrics) Field(line.Append(','), "metrics." + k);
        foreach (var k in columns.Params) Field(line.Append(','), "params." + k);
        foreach (var k in columns.Tags) Field(line.Append(','), "tags." + k);
        line.Append("\r\n");
    }

    static void Row(StringBuilder line, Run run, RunColumns columns)
    {
        var i = run.Info;
        line.Append(i.RunId).Append(',');
        Field(line, i.RunName);
        line.Append(',').Append(i.Status.ToString().ToUpperInvariant()).Append(',').Append(Iso(i.StartTime)).Append(',');
        if (i.EndTime is { } end) line.Append(Iso(end));
        Field(line.Append(','), i.UserId);
        foreach (var k in columns.Metrics)
        {
            line.Append(',');
            if (Components.Find(run.Data.LatestMetrics, k) is { } m) line.Append(m.Value.ToString("R", CultureInfo.InvariantCulture));
        }
        foreach (var k in columns.Params) Field(line.Append(','), RunColumns.Param(run, k));
        foreach (var k in columns.Tags) Field(line.Append(','), RunColumns.Tag(run, k));
        line.Append("\r\n");
    }

    /// <summary>Appends a field, quoted (quotes doubled) when it holds a comma, quote or line break.</summary>
    public static void Field(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) line.Append(value);
        else line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static string FileName(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);

    static async Task FlushAsync(HttpContext context, StringBuilder line, CancellationToken ct)
    {
        if (line.Length == 0) return;
        await context.Response.WriteAsync(line.ToString(), ct).ConfigureAwait(false);
        line.Clear();
    }
}
