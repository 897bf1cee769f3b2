using Microsoft.Data.Sqlite;
using Npgsql;
using Quarry.Core;

namespace Quarry.Storage;

/// <summary>
/// Where a SQL store lives, parsed from the text a user types: <c>sqlite:PATH</c> (also SQLAlchemy's
/// <c>sqlite:///relative.db</c> and <c>sqlite:////absolute.db</c>), a bare path ending in <c>.db</c>, <c>.sqlite</c>
/// or <c>.sqlite3</c>, or a PostgreSQL URL <c>postgresql://user:password@host:port/database?option=value</c>
/// (<c>postgres://</c> is accepted too). Immutable and thread-safe.
/// </summary>
public sealed class StoreLocation
{
    const string Forms = "expected sqlite:PATH, a file ending in .db/.sqlite/.sqlite3, or postgresql://user@host:port/database";

    StoreLocation(StoreKind kind, string connectionString, string display)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Display = display;
    }

    /// <summary>The database engine.</summary>
    public StoreKind Kind { get; }

    /// <summary>The ADO.NET connection string for the engine's provider (Microsoft.Data.Sqlite or Npgsql); may hold a password.</summary>
    public string ConnectionString { get; }

    /// <summary>A printable form without the password: <c>sqlite:/full/path.db</c> or <c>postgresql://user@host:port/db</c>.</summary>
    public string Display { get; }

    /// <summary>For a SQLite location, the full path of the database file; null for PostgreSQL.</summary>
    public string? SqlitePath => Kind == StoreKind.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    /// <inheritdoc />
    public override string ToString() => Display;

    /// <summary>A SQLite file location; a relative path is resolved against the current directory.</summary>
    public static StoreLocation Sqlite(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new QuarryException(ErrorCode.InvalidParameter, "The SQLite path is empty (fix: give a file such as sqlite:studies.db).");
        if (path == ":memory:" || path.StartsWith("file::memory:", StringComparison.Ordinal))
            throw new QuarryException(ErrorCode.InvalidParameter,
                "An in-memory SQLite database cannot be shared between connections (fix: use a file path, or the in-memory storage).");
        string full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 60,
            Mode = SqliteOpenMode.ReadWriteCreate,
        };
        return new StoreLocation(StoreKind.Sqlite, builder.ToString(), "sqlite:" + full);
    }

    /// <summary>
    /// Parses a location (see the type's remarks for the accepted forms). Throws a <see cref="QuarryException"/> with
    /// <see cref="ErrorCode.InvalidParameter"/> naming the problem for anything else.
    /// </summary>
    public static StoreLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length == 0)
            throw new QuarryException(ErrorCode.InvalidParameter, $"The storage location is empty ({Forms}).");
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            return Sqlite(SqlitePathOf(text, text["sqlite:".Length..]));
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return PostgresLocation.Parse(text);
        if (HasSqliteExtension(text) && !text.Contains("://", StringComparison.Ordinal))
            return Sqlite(text);
        throw new QuarryException(ErrorCode.InvalidParameter, $"Unrecognised storage location '{Redact(text)}' ({Forms}).");
    }

    /// <summary>Wraps an already-built Npgsql connection string (used by hosts that configure PostgreSQL themselves).</summary>
    public static StoreLocation PostgreSql(string npgsqlConnectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(npgsqlConnectionString); }
        catch (ArgumentException e)
        {
            throw new QuarryException(ErrorCode.InvalidParameter, $"Not a valid Npgsql connection string: {e.Message}", e);
        }
        if (string.IsNullOrEmpty(builder.Database))
            throw new QuarryException(ErrorCode.InvalidParameter, "The PostgreSQL connection string names no database (fix: add Database=NAME).");
        return new StoreLocation(StoreKind.PostgreSql, builder.ToString(),
            $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    internal static StoreLocation FromParts(StoreKind kind, string connectionString, string display) => new(kind, connectionString, display);

    static string SqlitePathOf(string text, string rest)
    {
        // SQLAlchemy style: sqlite:///relative.db and sqlite:////absolute.db.
        if (rest.StartsWith("///", StringComparison.Ordinal)) return rest[3..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"'{text}' has a host part; SQLite needs a file (fix: sqlite:PATH, sqlite:///relative.db or sqlite:////absolute.db).");
        return rest;
    }

    static bool HasSqliteExtension(string text) =>
        text.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)
        || text.EndsWith(".sqlite3", StringComparison.OrdinalIgnoreCase);

    internal static string Redact(string text)
    {
        int at = text.IndexOf('@', StringComparison.Ordinal), scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme) return text;
        int colon = text.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? string.Concat(text.AsSpan(0, colon + 1), "***", text.AsSpan(at)) : text;
    }
}
