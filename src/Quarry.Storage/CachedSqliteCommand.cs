using Microsoft.Data.Sqlite;

namespace Quarry.Storage;

/// <summary>
/// A command of a <see cref="StatementCachingSqliteConnection"/>: disposing it returns it, still prepared, to its
/// connection's cache (<see cref="Release"/> disposes it for real).
/// </summary>
internal sealed class CachedSqliteCommand(StatementCachingSqliteConnection owner, string sql) : SqliteCommand(sql, owner)
{
    bool _released;

    /// <summary>Whether it sits in its connection's cache (disposing it again then does nothing).</summary>
    internal bool Idle { get; set; }

    /// <summary>The SQL text it is cached under.</summary>
    public string Key { get; } = sql;

    /// <summary>The open reader, if any (a command is only reused once its reader is closed).</summary>
    internal new SqliteDataReader? DataReader => base.DataReader;

    /// <summary>Finalizes the statement and forgets the command.</summary>
    public void Release()
    {
        _released = true;
        Dispose();
    }

    /// <summary>Returns the command to its connection's cache, unless it was released or the cache refuses it.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_released && (Idle || owner.Return(this))) return;
        base.Dispose(disposing);
    }
}
