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
}
