using Npgsql;
using Quarry.Core;

namespace Quarry.Storage;

/// <summary>Parses <c>postgresql://</c> URLs (libpq's URI form) into an Npgsql connection string.</summary>
static class PostgresLocation
{
    static readonly Dictionary<string, string> LibpqNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["user"] = "Username",
        ["password"] = "Password",
        ["host"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
    };

    public static StoreLocation Parse(string text)
    {
        string shown = StoreLocation.Redact(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw Bad(shown, "it is not a valid URL");
        var builder = new NpgsqlConnectionStringBuilder { Pooling = true };
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        if (uri.Host.Length > 0) builder.Host = uri.Host.Trim('[', ']');
        if (uri.Port > 0) builder.Port = uri.Port;
        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal)) throw Bad(shown, $"'{database}' is not a database name");
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            string value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            try { builder[LibpqNames.GetValueOrDefault(key, key)] = value; }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw Bad(shown, $"option '{key}={value}' is not understood ({e.Message})");
            }
        }
        if (string.IsNullOrEmpty(builder.Host)) throw Bad(shown, "it names no host");
        if (string.IsNullOrEmpty(builder.Database)) throw Bad(shown, "it names no database");
        string user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
        return StoreLocation.FromParts(StoreKind.PostgreSql, builder.ToString(),
            $"postgresql://{user}{builder.Host}:{builder.Port}/{builder.Database}");
    }

    static QuarryException Bad(string shown, string problem) =>
        new(ErrorCode.InvalidParameter, $"PostgreSQL location '{shown}': {problem} (fix: postgresql://user:password@host:5432/database).");
}
