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

    /// <summary>Checks max_results against MLflow's bounds 1..50000.</summary>
    public static void CheckMaxResults(int maxResults)
    {
        if (maxResults < 1 || maxResults > MaxResults)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Invalid value {maxResults.ToString(CultureInfo.InvariantCulture)} for parameter 'max_results' supplied. It must be at most {MaxResults} and at least 1.");
    }
}
