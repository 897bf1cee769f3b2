using System.Globalization;
using System.Text;
using System.Text.Json;
using Quarry.Core;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>MLflow's offset-based opaque page tokens: base64 of the JSON <c>{"offset": n}</c>.</summary>
internal static class PageToken
{
    public const int MaxResults = 50000;

    public static string Encode(long offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"offset\": " + offset.ToString(CultureInfo.InvariantCulture) + "}"));

    /// <summary>The offset a token encodes (0 for null or empty); InvalidParameter "Invalid page token" otherwise.</summary>
    public static long Decode(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(token));
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("offset", out var offset)
                && offset.ValueKind == JsonValueKind.Number
                && offset.TryGetInt64(out long n) && n >= 0)
                return n;
        }
        catch (FormatException) { }
        catch (JsonException) { }
        throw Invalid(token);
    }

    static QuarryException Invalid(string token) =>
        new(ErrorCode.InvalidParameter, $"Invalid page token, could not base64-decode it to {{\"offset\": n}} ('{Shorten(token)}') (fix: pass the next_page_token of the previous page unchanged).");

    static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";

    /// <summary>
    /// Splits the rows of a query run with <c>LIMIT maxResults + 1 OFFSET offset</c> into the page and the next page's
    /// token (null when the extra row is absent, i.e. on the last page).
    /// </summary>
    public static (List<T> Page, string? Next) Split<T>(List<T> rows, int maxResults, long offset)
    {
        if (rows.Count <= maxResults) return (rows, null);
        rows.RemoveAt(rows.Count - 1);
        return (rows, Encode(offset + maxResults));
    }

    /// <summary>Checks max_results against MLflow's bounds 1..<paramref name="max"/> (runs and experiments: 50000).</summary>
    public static void CheckMaxResults(int maxResults, int max = MaxResults)
    {
        if (maxResults < 1 || maxResults > max)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Invalid value {maxResults.ToString(CultureInfo.InvariantCulture)} for parameter 'max_results' supplied. It must be at most {max} and at least 1.");
    }
}
