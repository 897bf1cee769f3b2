using Microsoft.Data.Sqlite;

namespace Quarry.Storage;

/// <summary>
/// A SQLite connection for one long-lived writer that keeps its statements prepared: <see cref="DbExtensions.Sql"/>
/// on it rents a command per SQL text that stays prepared between uses, so a statement is parsed and planned once per
/// connection instead of once per request. Disposing a rented command hands it back (its parameters cleared) instead
/// of finalizing its statement. Not thread-safe, like any connection: one user at a time.
/// </summary>
internal sealed class StatementCachingSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>The most idle commands kept; past it the cache starts over (it only ever holds a store's few write statements).</summary>
    internal const int MaxIdle = 128;

    readonly Dictionary<string, CachedSqliteCommand> _idle = new(StringComparer.Ordinal);
    bool _closed;

    /// <summary>A command for <paramref name="sql"/> in <paramref name="transaction"/>, prepared already when it was used before.</summary>
    public SqliteCommand Rent(string sql, SqliteTransaction? transaction)
    {
        if (!_idle.Remove(sql, out var command)) command = new CachedSqliteCommand(this, sql);
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Takes <paramref name="command"/> back; false when it must really be disposed (its text changed, or the connection closed).</summary>
    internal bool Return(CachedSqliteCommand command)
    {
        if (_closed || command.CommandText != command.Key || command.DataReader is not null || _idle.ContainsKey(command.Key)) return false;
        if (_idle.Count >= MaxIdle) DisposeIdle();
        command.Parameters.Clear();
        command.Transaction = null;
        _idle.Add(command.Key, command);
        return true;
    }

    /// <summary>How many prepared commands wait for reuse (for tests).</summary>
    internal int IdleCount => _idle.Count;

    /// <summary>Finalizes the cached statements, then closes the connection (its handle goes back to the pool).</summary>
    public override void Close()
    {
        _closed = true;
        DisposeIdle();
        base.Close();
    }

    void DisposeIdle()
    {
        var idle = _idle.Values.ToList();
        _idle.Clear();
        foreach (var command in idle) command.Release();
    }
}
