using System.Text;
using Microsoft.AspNetCore.Http;

namespace Quarry.Server.Dashboard.Html;

/// <summary>Reads dashboard query parameters and builds links whose query strings hold a page's state.</summary>
internal static class Query
{
    /// <summary>The trimmed value of <paramref name="name"/>, or null when absent or blank.</summary>
    public static string? Get(HttpRequest request, string name)
    {
        string? value = request.Query[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>
    /// The comma-separated values of <paramref name="name"/> (also repeated parameters), trimmed, without blanks or
    /// duplicates; null when the parameter is absent (so "absent" and "explicitly empty" differ).
    /// </summary>
    public static IReadOnlyList<string>? List(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values)) return null;
        return [.. values.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary><paramref name="path"/> with the non-null parameters, in order, e.g. <c>/experiments?team=a&amp;metric=sharpe</c>.</summary>
    public static string Build(string path, params (string Name, string? Value)[] parameters)
    {
        var sb = new StringBuilder(path);
        char separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null) continue;
            sb.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return sb.ToString();
    }
}
