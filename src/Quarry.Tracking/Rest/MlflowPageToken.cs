using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Rest;

/// <summary>
/// MLflow's offset page tokens (base64 of <c>{"offset": n}</c>), the same the SQL store issues, for endpoints that
/// page a list they hold in full (metric history). Thread-safe.
/// </summary>
public static class MlflowPageToken
{
    /// <summary>The token of the page starting at <paramref name="offset"/>.</summary>
    public static string Encode(long offset) => PageToken.Encode(offset);

    /// <summary>The offset of a token (0 for null or empty); InvalidParameter "Invalid page token…" for anything else.</summary>
    public static long Decode(string? token) => PageToken.Decode(token);
}
