using System.Data.Common;

namespace Quarry.Storage;

/// <summary>
/// Opens pooled connections to one database, configured for concurrent use by many processes (SQLite: WAL journal,
/// busy timeout, foreign keys on; PostgreSQL: Npgsql's pool). Thread-safe. Disposing it closes the pool.
/// </summary>
public interface IConnectionFactory : IDisposable
{
    /// <summary>The database.</summary>
    StoreLocation Location { get; }

    /// <summary>The engine's SQL differences.</summary>
    SqlDialect Dialect { get; }

    /// <summary>An open connection from the pool; dispose it to return it. Throws the provider's exception when the database is unreachable.</summary>
    DbConnection Open();

    /// <summary>
    /// <see cref="Open"/> without blocking a thread while the connection is established (PostgreSQL); SQLite opens
    /// synchronously.
    /// </summary>
    ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// An open connection for one long-lived writer (this process's only one, behind <see cref="WriterGate"/>): on
    /// SQLite, commands made on it with <see cref="DbExtensions.Sql"/> keep their statements prepared between uses, so
    /// each SQL text is parsed once per connection rather than once per request. The caller keeps it open across
    /// transactions and disposes it when done. By default, <see cref="Open"/>.
    /// </summary>
    DbConnection OpenWriter() => Open();

    /// <summary>
    /// Where this process's writers queue before they begin a write transaction, or null when the engine runs
    /// concurrent writers itself (PostgreSQL). SQLite has one writer per file: queueing in process (FIFO, shared by
    /// every factory on the same file) replaces its busy handler's sleep-and-poll, which under load costs tens of
    /// milliseconds per write. Other processes are still serialised by the file lock and the busy timeout.
    /// </summary>
    SemaphoreSlim? WriterGate { get; }
}
