using System.Data.Common;
using Quarry.Core;

namespace Quarry.Storage;

/// <summary>
/// Brings a database up to date with a <see cref="MigrationSet"/>: applies each missing migration exactly once, in
/// order, and records it in <c>schema_migrations(migration_set, version, description, applied_at)</c>. Safe when many
/// processes start together: the whole check-and-apply runs in one transaction under a database-wide lock
/// (PostgreSQL <c>pg_advisory_xact_lock</c>; SQLite <c>BEGIN IMMEDIATE</c>), and an already-current database is
/// recognised by a read without taking the lock. Thread-safe.
/// </summary>
public sealed class Migrator
{
    /// <summary>The advisory lock key every Quarry migrator takes on PostgreSQL (arbitrary, fixed).</summary>
    public const long AdvisoryLockKey = 0x5175_6172_7279_4D67; // "QuarryMg"

    readonly SqlRunner _runner;

    /// <summary>Creates a migrator over <paramref name="factory"/> (not owned).</summary>
    public Migrator(IConnectionFactory factory, RetryPolicy? policy = null) => _runner = new SqlRunner(factory, policy);

    /// <summary>
    /// Applies the migrations of <paramref name="set"/> that the database lacks and returns their versions (empty when it
    /// was current). Throws a <see cref="QuarryException"/> (InvalidState) when the database holds a newer version than
    /// the set knows, or when a migration fails (nothing of it is kept).
    /// </summary>
    public IReadOnlyList<int> Apply(MigrationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        set.Validate();
        if (TryReadApplied(set.Name) is { } applied && applied.Count == set.LatestVersion && CheckNotNewer(set, applied))
            return [];
        var newlyApplied = _runner.Write((connection, tx) => ApplyLocked(connection, tx, set));
        // New tables and indexes have no planner statistics yet; SQLite gathers them only when asked (PostgreSQL's
        // autovacuum does it on its own).
        if (newlyApplied.Count > 0 && _runner.Dialect.Kind == StoreKind.Sqlite)
            _runner.Run(connection =>
            {
                SqliteConnectionFactory.Optimize((Microsoft.Data.Sqlite.SqliteConnection)connection);
                return 0;
            });
        return newlyApplied;
    }

    /// <summary>The versions of <paramref name="setName"/> recorded in the database, ascending (empty when none or no table yet).</summary>
    public IReadOnlyList<int> AppliedVersions(string setName) => TryReadApplied(setName) is { } v ? [.. v] : [];

    List<int>? TryReadApplied(string setName)
    {
        try
        {
            return _runner.Run(connection => ReadApplied(connection, null, setName));
        }
        catch (DbException e) when (!_runner.Dialect.IsTransient(e))
        {
            return null; // no schema_migrations table yet
        }
    }

    List<int> ApplyLocked(DbConnection connection, DbTransaction tx, MigrationSet set)
    {
        var dialect = _runner.Dialect;
        if (dialect.Kind == StoreKind.PostgreSql)
            connection.Sql("SELECT pg_advisory_xact_lock(@key)", tx).With("key", AdvisoryLockKey).Scalar();
        connection.Sql($"""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                migration_set VARCHAR(128) NOT NULL,
                version INTEGER NOT NULL,
                description VARCHAR(512) NOT NULL,
                applied_at {dialect.TimestampType} NOT NULL,
                PRIMARY KEY (migration_set, version))
            """, tx).Exec();
        var applied = ReadApplied(connection, tx, set.Name);
        CheckNotNewer(set, applied);
        var done = new HashSet<int>(applied);
        var newlyApplied = new List<int>();
        foreach (var migration in set.Migrations)
        {
            if (done.Contains(migration.Version)) continue;
            try
            {
                foreach (var statement in SqlScript.Split(migration.ScriptFor(dialect))) connection.Sql(statement, tx).Exec();
            }
            catch (DbException e) when (!dialect.IsTransient(e))
            {
                throw new QuarryException(ErrorCode.InvalidState,
                    $"Migration '{set.Name}' #{migration.Version} ({migration.Description}) failed on {_runner.Factory.Location.Display}: {e.Message.Trim()}", e);
            }
            connection.Sql($"INSERT INTO schema_migrations (migration_set, version, description, applied_at) VALUES (@set, @version, @description, {dialect.Now})", tx)
                .With("set", set.Name).With("version", migration.Version).With("description", migration.Description).Exec();
            newlyApplied.Add(migration.Version);
        }
        return newlyApplied;
    }

    static List<int> ReadApplied(DbConnection connection, DbTransaction? tx, string setName)
    {
        using var cmd = connection.Sql("SELECT version FROM schema_migrations WHERE migration_set = @set ORDER BY version", tx).With("set", setName);
        using var reader = cmd.ExecuteReader();
        var versions = new List<int>();
        while (reader.Read()) versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return versions;
    }

    bool CheckNotNewer(MigrationSet set, List<int> applied)
    {
        if (applied.Count > 0 && applied[^1] > set.LatestVersion)
            throw new QuarryException(ErrorCode.InvalidState,
                $"{_runner.Factory.Location.Display} has schema version {applied[^1]} of '{set.Name}', newer than this Quarry knows ({set.LatestVersion}) (fix: upgrade Quarry).");
        return true;
    }
}
