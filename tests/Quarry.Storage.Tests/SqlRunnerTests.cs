using Microsoft.Data.Sqlite;
using Npgsql;
using Quarry.Core;
using Quarry.Storage.Testing;

namespace Quarry.Storage.Tests;

public sealed class SqlRunnerTests : IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    static readonly RetryPolicy Fast = new(4, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    [Fact]
    public void Transient_errors_are_retried_on_fresh_connections_then_reported()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        var runner = new SqlRunner(factory, Fast);
        var connections = new List<object>();
        int result = runner.Run(c =>
        {
            connections.Add(c);
            if (connections.Count < 3) throw new SqliteException("database is locked", 5);
            return 42;
        });
        Assert.Equal(42, result);
        Assert.Equal(3, connections.Distinct().Count());

        int calls = 0;
        var e = Assert.Throws<QuarryException>(() => runner.Run<int>(_ => { calls++; throw new SqliteException("database is locked", 5); }));
        Assert.Equal((ErrorCode.InvalidState, 4), (e.Code, calls));
        Assert.Contains("stayed busy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_errors_are_not_retried_and_a_failed_write_is_rolled_back()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        var runner = new SqlRunner(factory, Fast);
        runner.Run(c => c.Sql("CREATE TABLE t (x INTEGER NOT NULL)").Exec());
        int calls = 0;
        Assert.Throws<SqliteException>(() => runner.Write<int>((c, tx) =>
        {
            calls++;
            c.Sql("INSERT INTO t (x) VALUES (1)", tx).Exec();
            return c.Sql("INSERT INTO t (x) VALUES (NULL)", tx).Exec();
        }));
        Assert.Equal(1, calls);
        Assert.Equal(0L, runner.Run(c => c.Sql("SELECT COUNT(*) FROM t").Scalar()));
    }

    [Fact]
    public void Dialects_classify_transient_errors()
    {
        Assert.True(SqlDialect.Sqlite.IsTransient(new SqliteException("busy", 5)));
        Assert.False(SqlDialect.Sqlite.IsTransient(new SqliteException("constraint", 19)));
        Assert.True(SqlDialect.PostgreSql.IsTransient(new PostgresException("deadlock", "ERROR", "ERROR", "40P01")));
        Assert.True(SqlDialect.PostgreSql.IsTransient(new PostgresException("serialization", "ERROR", "ERROR", "40001")));
        Assert.False(SqlDialect.PostgreSql.IsTransient(new PostgresException("unique", "ERROR", "ERROR", "23505")));
        Assert.True(SqlDialect.PostgreSql.IsUniqueViolation(new PostgresException("unique", "ERROR", "ERROR", "23505")));
    }

    public void Dispose() => _folder.Dispose();
}
