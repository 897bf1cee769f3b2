namespace Quarry.Storage;

/// <summary>
/// One numbered schema change, written once per engine. A script may hold several statements separated by
/// <c>;</c>; it runs inside the migration transaction (both engines have transactional DDL), so it applies whole or not at all.
/// </summary>
/// <param name="Version">Position in its set: 1, 2, 3, ... Never renumber or edit a released migration; add a new one.</param>
/// <param name="Description">What it does, recorded in <c>schema_migrations</c>.</param>
/// <param name="Sqlite">The script for SQLite.</param>
/// <param name="PostgreSql">The script for PostgreSQL.</param>
public sealed record Migration(int Version, string Description, string Sqlite, string PostgreSql)
{
    /// <summary>The script for <paramref name="dialect"/>.</summary>
    public string ScriptFor(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.Kind == StoreKind.Sqlite ? Sqlite : PostgreSql;
    }
}
