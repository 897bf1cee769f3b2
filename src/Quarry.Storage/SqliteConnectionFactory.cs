using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Quarry.Storage;

/// <summary>
/// SQLite connections to one file: WAL journal (readers never block the writer), <c>busy_timeout</c> of 10 s (writers
/// queue on the file lock instead of failing), <c>synchronous=NORMAL</c> (atomic and durable against process crashes;
/// an OS crash may lose the last commits, never corrupt), foreign keys on. Microsoft.Data.Sqlite pools the handles.
/// </summary>
sealed class SqliteConnectionFactory : IConnectionFactory
{
    internal const int BusyTimeoutMs = 10_000;
    static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterGates = new(StringComparer.Ordinal);
    readonly Lock _gate = new();
    volatile bool _walChecked;

    public SqliteConnectionFactory(StoreLocation location)
    {
        Location = location;
        var key = location.SqlitePath is { } path ? Path.GetFullPath(path) : location.ConnectionString;
        WriterGate = WriterGates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
    }

    public SemaphoreSlim? WriterGate { get; }

    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Open());

    public StoreLocation Location { get; }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public DbConnection Open()
    {
        if (Location.SqlitePath is { } path && Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        var connection = new SqliteConnection(Location.ConnectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = NORMAL;");
            if (!_walChecked) EnsureWal(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    void EnsureWal(SqliteConnection connection)
    {
        lock (_gate)
        {
            if (_walChecked) return;
            // journal_mode is stored in the file: the first process to get here switches it, later ones see "wal".
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode = WAL";
            string mode = Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (!mode.Equals("wal", StringComparison.OrdinalIgnoreCase))
                throw new Core.QuarryException(Core.ErrorCode.InvalidState,
                    $"Could not switch {Location.Display} to WAL journal mode (it reports '{mode}'); is it on a network file system? (fix: use a local disk or PostgreSQL).");
            _walChecked = true;
        }
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        // Closes the pooled handles of this file (so it can be deleted or moved); other files' pools are untouched.
        using var connection = new SqliteConnection(Location.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
