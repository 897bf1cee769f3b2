namespace Quarry.Storage;

/// <summary>Which database engine a <see cref="StoreLocation"/> points at.</summary>
public enum StoreKind
{
    /// <summary>A SQLite file (one host; many processes through the file lock).</summary>
    Sqlite,
    /// <summary>A PostgreSQL database (many processes on many machines).</summary>
    PostgreSql,
}
