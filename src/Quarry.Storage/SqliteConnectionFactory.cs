using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Quarry.Storage;

/// <summary>
/// SQLite connections to one file: WAL journal (readers never block the writer), <c>busy_timeout</c> of 10 s (writers
/// queue on the file lock instead of failing), <c>synchronous=NORMAL</c> (atomic and durable against process crashes;
/// an OS crash may lose the last commits, never corrupt), foreign keys on. Microsoft.Data.Sqlite pools the handles;
/// each handle is set up once, when SQLite opens it: the pragmas above, memory-mapped reads (pages come from the OS
/// cache that every connection shares, instead of a 2 MB private cache refilled by read calls), temporary files in
/// memory (<c>temp_store=MEMORY</c>: the sub-journal that keeps a savepoint's page images, one per page each grouped
/// write touches, would otherwise go through write calls to a temporary file), a checkpoint every
/// <see cref="CheckpointPages"/> WAL pages instead of 1,000 (a hot page rewritten by many commits is copied to the
/// database, and the files synced, once per checkpoint), and
/// <c>PRAGMA optimize=0x10002</c>, SQLite's advice for long-lived connections, which gathers the planner's statistics
/// (ANALYZE, sampled) for tables that have none or have grown a lot. Long-lived handles repeat the optimize every
/// <see cref="OptimizeEvery"/> opens. Disposed connections are kept open for the next <see cref="Open"/>, up to
/// <see cref="MaxIdleReaders"/>, with their statements prepared (<see cref="StatementCachingSqliteConnection"/>): a
/// read then skips parsing and planning its SQL, which for a small query costs more than running it.
/// </summary>
sealed class SqliteConnectionFactory : IConnectionFactory
{
    internal const int BusyTimeoutMs = 10_000;

    /// <summary>How many opens of one pooled handle pass between two <c>PRAGMA optimize</c> runs on it.</summary>
    internal const int OptimizeEvery = 10_000;

    /// <summary>
    /// WAL pages between automatic checkpoints (40 MB at 4 KB pages): measured on 20 concurrent writers, 1,000 (SQLite's
    /// default) spent about a tenth of a write's CPU in checkpoint copies and fsyncs.
    /// </summary>
    internal const int CheckpointPages = 10_000;

    /// <summary>The most disposed connections kept open for reuse (more are closed: their handles go to the driver's pool).</summary>
    internal const int MaxIdleReaders = 16;

    /// <summary>The memory-mapped window (address space, not memory: the pages live in the OS cache).</summary>
    const long MmapBytes = 1L << 30;

    static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterGates = new(StringComparer.Ordinal);
    readonly Lock _gate = new();
    // Opens per SQLite handle since its last optimize; a handle seen for the first time is set up. Weak keys: handles
    // that the pool closes drop out.
    readonly ConditionalWeakTable<SQLitePCL.sqlite3, StrongBox<int>> _handles = [];
    // Connections disposed while quiet, newest on top (its statements and pages are the warmest).
    readonly ConcurrentStack<StatementCachingSqliteConnection> _idleReaders = new();
    int _idleCount;
    volatile bool _disposed;
    bool _directoryCreated;
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
        if (_idleReaders.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            SetUp(idle);
            return idle;
        }
        return SetUpOpen(new StatementCachingSqliteConnection(Location.ConnectionString, Recycle));
    }

    bool Recycle(StatementCachingSqliteConnection connection)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > MaxIdleReaders)
        {
            Interlocked.Decrement(ref _idleCount);
            return false;
        }
        _idleReaders.Push(connection);
        // Dispose may have run meanwhile and missed it: take it back out then.
        if (_disposed) CloseIdleReaders();
        return true;
    }

    void CloseIdleReaders()
    {
        while (_idleReaders.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            idle.Close();
        }
    }

    public DbConnection OpenWriter() => SetUpOpen(new StatementCachingSqliteConnection(Location.ConnectionString));

    SqliteConnection SetUpOpen(SqliteConnection connection)
    {
        if (!_directoryCreated)
        {
            if (Location.SqlitePath is { } path && Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            _directoryCreated = true;
        }
        try
        {
            connection.Open();
            SetUp(connection);
            if (!_walChecked) EnsureWal(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    void SetUp(SqliteConnection connection)
    {
        var opens = _handles.GetValue(connection.Handle!, _ => new StrongBox<int>(-1));
        int count = Interlocked.Increment(ref opens.Value);
        if (count == 0) Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = {MmapBytes}; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = {CheckpointPages};");
        if (count % OptimizeEvery == 0) Optimize(connection);
    }

    /// <summary>
    /// Gathers planner statistics where SQLite finds them missing or stale (<c>PRAGMA optimize=0x10002</c>: sampled
    /// ANALYZE of the tables that need it, usually nothing). Statistics only speed queries up, so a file that cannot be
    /// written now (read-only, or locked past the busy timeout) is left as it is.
    /// </summary>
    internal static void Optimize(SqliteConnection connection)
    {
        try { Execute(connection, "PRAGMA optimize = 0x10002;"); }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 or 8) { } // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY
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
        _disposed = true;
        CloseIdleReaders();
        // Closes the pooled handles of this file (so it can be deleted or moved); other files' pools are untouched.
        using var connection = new SqliteConnection(Location.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
