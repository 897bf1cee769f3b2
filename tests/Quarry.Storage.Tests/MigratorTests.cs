using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Storage.Testing;

namespace Quarry.Storage.Tests;

/// <summary>The migrator's behaviour, run on SQLite and on PostgreSQL.</summary>
public abstract class MigratorContract
{
    /// <summary>A location of a fresh, empty database.</summary>
    protected abstract string NewDatabase();

    static Migration Portable(int version, string description, string sql) => new(version, description, sql, sql);

    static MigrationSet Set(string name, int count) => new(name, [.. new[]
    {
        Portable(1, "things", "CREATE TABLE things (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)"),
        Portable(2, "first thing", "INSERT INTO things (id, name) VALUES (1, 'one')"),
        Portable(3, "more", "CREATE TABLE more_things (id INTEGER NOT NULL PRIMARY KEY); INSERT INTO more_things (id) VALUES (7)"),
    }.Take(count)]);

    static long Count(IConnectionFactory f, string sql)
    {
        using var c = f.Open();
        return Convert.ToInt64(c.Sql(sql).Scalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Apply_runs_each_migration_once_and_records_it()
    {
        using var f = ConnectionFactory.Create(NewDatabase());
        var migrator = new Migrator(f);
        Assert.Equal([1, 2], migrator.Apply(Set("demo", 2)));
        Assert.Empty(migrator.Apply(Set("demo", 2)));
        Assert.Equal([3], migrator.Apply(Set("demo", 3)));
        Assert.Equal([1, 2, 3], migrator.AppliedVersions("demo"));
        Assert.Equal(1, Count(f, "SELECT COUNT(*) FROM things"));
        Assert.Equal(3, Count(f, "SELECT COUNT(*) FROM schema_migrations WHERE migration_set = 'demo'"));
    }

    [Fact]
    public void Sets_with_different_names_are_versioned_independently()
    {
        using var f = ConnectionFactory.Create(NewDatabase());
        var migrator = new Migrator(f);
        migrator.Apply(Set("demo", 1));
        var other = new MigrationSet("other", [Portable(1, "other table", "CREATE TABLE other_things (id INTEGER NOT NULL)")]);
        Assert.Equal([1], migrator.Apply(other));
        Assert.Equal([1], migrator.AppliedVersions("demo"));
        Assert.Equal([1], migrator.AppliedVersions("other"));
        Assert.Empty(migrator.AppliedVersions("nothing"));
    }

    [Fact]
    public void Apply_with_a_failing_migration_keeps_nothing_of_the_run()
    {
        using var f = ConnectionFactory.Create(NewDatabase());
        var bad = new MigrationSet("bad", [
            Portable(1, "fine", "CREATE TABLE fine_things (id INTEGER NOT NULL)"),
            Portable(2, "broken", "CREATE TABLE half (id INTEGER NOT NULL); CREATE TABLE oops (id NOT_A_TYPE_AT_ALL ((")]);
        var e = Assert.Throws<QuarryException>(() => new Migrator(f).Apply(bad));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("'bad' #2 (broken)", e.Message, StringComparison.Ordinal);
        Assert.Empty(new Migrator(f).AppliedVersions("bad"));
        Assert.Equal([1], new Migrator(f).Apply(new MigrationSet("bad", [bad.Migrations[0]])));
    }

    [Fact]
    public void Apply_refuses_a_database_newer_than_the_set()
    {
        using var f = ConnectionFactory.Create(NewDatabase());
        new Migrator(f).Apply(Set("demo", 3));
        var e = Assert.Throws<QuarryException>(() => new Migrator(f).Apply(Set("demo", 2)));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("upgrade Quarry", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_gaps_in_versions()
    {
        var set = new MigrationSet("gaps", [Portable(1, "a", "SELECT 1"), Portable(3, "c", "SELECT 1")]);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(set.Validate).Code);
    }

    [Fact]
    public void Four_migrators_racing_on_a_fresh_database_apply_each_migration_exactly_once()
    {
        string location = NewDatabase();
        var factories = Enumerable.Range(0, 4).Select(_ => ConnectionFactory.Create(location)).ToArray();
        try
        {
            using var start = new Barrier(factories.Length);
            var applied = new ConcurrentBag<int>();
            var threads = factories.Select(f => new Thread(() =>
            {
                start.SignalAndWait();
                foreach (int v in new Migrator(f).Apply(Set("race", 3))) applied.Add(v);
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            Assert.Equal([1, 2, 3], applied.Order());
            Assert.Equal(1, Count(factories[0], "SELECT COUNT(*) FROM things"));
            Assert.Equal(1, Count(factories[0], "SELECT COUNT(*) FROM more_things"));
            Assert.Equal(3, Count(factories[0], "SELECT COUNT(*) FROM schema_migrations"));
        }
        finally
        {
            foreach (var f in factories) f.Dispose();
        }
    }
}

public sealed class SqliteMigratorTests : MigratorContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    int _n;

    protected override string NewDatabase() => _folder.Sqlite($"db{Interlocked.Increment(ref _n)}.db");

    [Fact]
    public void Open_sets_wal_busy_timeout_and_foreign_keys()
    {
        using var f = ConnectionFactory.Create(NewDatabase());
        using var c = f.Open();
        Assert.Equal("wal", c.Sql("PRAGMA journal_mode").Scalar());
        Assert.True(Convert.ToInt64(c.Sql("PRAGMA busy_timeout").Scalar(), System.Globalization.CultureInfo.InvariantCulture) >= 5000);
        Assert.Equal(1L, c.Sql("PRAGMA foreign_keys").Scalar());
    }

    [Fact]
    public void Open_keeps_temporary_files_in_memory_and_checkpoints_every_10000_pages()
    {
        using var f = ConnectionFactory.Create(NewDatabase());
        using var c = f.Open();
        Assert.Equal(2L, c.Sql("PRAGMA temp_store").Scalar()); // 2 = MEMORY
        Assert.Equal(10_000L, c.Sql("PRAGMA wal_autocheckpoint").Scalar());
    }

    public void Dispose() => _folder.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratorTests(PostgresFixture postgres) : MigratorContract
{
    protected override string NewDatabase() => postgres.CreateDatabase();
}
