using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Quarry.Storage;

/// <summary>
/// A long-lived SQLite connection that keeps its statements prepared: <see cref="DbExtensions.Sql"/> on it rents a
/// command per SQL text that stays prepared between uses, so a statement is parsed and planned once per connection
/// instead of once per request. Disposing a rented command hands it back (its parameters cleared) instead of finalizing
/// its statement. <see cref="ExecuteRows"/> runs a multi-row statement on SQLite's own prepared statement, binding by
/// position. With a <paramref name="recycle"/> callback, disposing the connection offers it, still open, for reuse
/// (the factory's pool of readers) when nothing of its use is left running. Not thread-safe, like any connection: one
/// user at a time.
/// </summary>
internal sealed class StatementCachingSqliteConnection(string connectionString, Func<StatementCachingSqliteConnection, bool>? recycle = null)
    : SqliteConnection(connectionString)
{
    /// <summary>The most idle commands kept; past it the cache starts over (it only ever holds a store's few write statements).</summary>
    internal const int MaxIdle = 128;

    readonly Dictionary<string, CachedSqliteCommand> _idle = new(StringComparer.Ordinal);
    readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);
    bool _closed;

    /// <summary>A command for <paramref name="sql"/> in <paramref name="transaction"/>, prepared already when it was used before.</summary>
    public SqliteCommand Rent(string sql, SqliteTransaction? transaction)
    {
        if (!_idle.Remove(sql, out var command)) command = new CachedSqliteCommand(this, sql);
        command.Idle = false;
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
        command.Idle = true;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="sql"/>, a statement with the parameters of <paramref name="rowsPerStatement"/> rows in a row
    /// (a multi-row <c>VALUES</c> list: <c>?</c>…, or named ones in order of appearance), over <paramref name="count"/>
    /// rows of <paramref name="rows"/> from <paramref name="start"/>, in the connection's current transaction, binding
    /// each execution's rows by position (text, double, 64- or 32-bit integer, blob, null); returns the rows it changed.
    /// The statement is prepared once per connection; an execution costs a bind per value and one step, without the
    /// per-execution reader, parameter-name lookups and UTF-16 round trips of a <see cref="SqliteCommand"/>. Errors are
    /// <see cref="SqliteException"/>s, as from a command: the failing execution writes none of its rows, the ones before
    /// it stay written.
    /// </summary>
    public int ExecuteRows(string sql, IReadOnlyList<object?[]> rows, int start, int count, int rowsPerStatement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (count % rowsPerStatement != 0) throw new ArgumentException($"{count} rows do not make whole statements of {rowsPerStatement}.", nameof(count));
        var db = Handle ?? throw new InvalidOperationException("The connection is not open.");
        if (!_statements.TryGetValue(sql, out var statement))
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out statement), db);
            _statements.Add(sql, statement);
        }
        int changed = 0;
        try
        {
            for (int first = start; first < start + count; first += rowsPerStatement)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int index = 1;
                for (int r = first; r < first + rowsPerStatement; r++)
                {
                    var row = rows[r];
                    for (int i = 0; i < row.Length; i++) SqliteException.ThrowExceptionForRC(Bind(statement, index++, row[i]), db);
                }
                int rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, db);
                changed += raw.sqlite3_changes(db);
                raw.sqlite3_reset(statement);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
        return changed;
    }

    static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        double number => raw.sqlite3_bind_double(statement, index, number),
        long integer => raw.sqlite3_bind_int64(statement, index, integer),
        int integer => raw.sqlite3_bind_int(statement, index, integer),
        byte[] blob => raw.sqlite3_bind_blob(statement, index, blob),
        _ => throw new ArgumentException($"Cannot bind a {value.GetType().Name} (expected text, double, long, int, byte[] or null).", nameof(value)),
    };

    /// <summary>How many prepared commands wait for reuse (for tests).</summary>
    internal int IdleCount => _idle.Count;

    /// <summary>Set when its use failed (<see cref="DbExtensions.Retire"/>): disposing it then closes it.</summary>
    internal bool Retired { get; set; }

    /// <summary>
    /// Whether the connection is open, not retired, with nothing of its last use left: no read or write transaction,
    /// neither an explicit one nor a statement stepped but not reset (whose read snapshot, in WAL mode, the next user
    /// would see).
    /// </summary>
    internal bool IsQuiet => !_closed && !Retired && State == System.Data.ConnectionState.Open && Handle is { } db
        && TransactionState(db.DangerousGetHandle(), IntPtr.Zero) == 0;

    // sqlite3_txn_state(db, NULL) (SQLite 3.34+): 0 when no schema of the connection is in a read or write transaction.
    // SQLitePCLRaw does not wrap it; the native library is the one its provider loads.
    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_txn_state")]
    static extern int TransactionState(IntPtr db, IntPtr schema);

    /// <summary>Offers the connection for reuse when it was opened with a recycle callback and is quiet; otherwise closes it.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && recycle is not null && IsQuiet && recycle(this)) return;
        base.Dispose(disposing);
    }

    /// <summary>Finalizes the cached statements, then closes the connection (its handle goes back to the pool).</summary>
    public override void Close()
    {
        _closed = true;
        DisposeIdle();
        // SQLite's own statements must be finalized before the handle goes back to the pool.
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        base.Close();
    }

    void DisposeIdle()
    {
        var idle = _idle.Values.ToList();
        _idle.Clear();
        foreach (var command in idle) command.Release();
    }
}
