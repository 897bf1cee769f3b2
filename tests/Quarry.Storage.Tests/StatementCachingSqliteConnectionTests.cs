using Microsoft.Data.Sqlite;
using Quarry.Storage.Testing;

namespace Quarry.Storage.Tests;

public sealed class StatementCachingSqliteConnectionTests : IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    [Fact]
    public void Sql_on_a_writer_connection_reuses_the_disposed_command_with_fresh_parameters()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        using var writer = (StatementCachingSqliteConnection)factory.OpenWriter();
        writer.Sql("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)").Exec();
        const string insert = "INSERT INTO t (id, v) VALUES (@id, @v)";

        var first = writer.Sql(insert).With("id", 1L).With("v", "a");
        Assert.Equal(1, first.Exec());
        var second = writer.Sql(insert);
        Assert.Same(first, second);
        Assert.Empty(second.Parameters);
        Assert.Equal(1, second.With("id", 2L).With("v", "b").Exec());

        // Two uses at once get two commands; both come back, one is kept.
        var a = writer.Sql(insert);
        var b = writer.Sql(insert);
        Assert.NotSame(a, b);
        a.Dispose();
        b.Dispose();
        Assert.Equal("a,b", writer.Sql("SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY id)").Scalar());
    }

    [Fact]
    public void A_command_whose_text_changed_is_not_kept_and_closing_empties_the_cache()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        var writer = (StatementCachingSqliteConnection)factory.OpenWriter();
        var changed = writer.Sql("SELECT 1");
        changed.CommandText = "SELECT 2";
        Assert.Equal(2L, changed.Scalar());
        Assert.NotSame(changed, writer.Sql("SELECT 1"));
        Assert.Equal(1L, writer.Sql("SELECT 1").Scalar());
        Assert.Equal(1, writer.IdleCount);

        writer.Dispose();
        Assert.Equal(0, writer.IdleCount);
        Assert.Equal(System.Data.ConnectionState.Closed, writer.State);
    }

    [Fact]
    public void Sql_in_a_transaction_enlists_the_reused_command()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        using var writer = (StatementCachingSqliteConnection)factory.OpenWriter();
        writer.Sql("CREATE TABLE t (v INTEGER NOT NULL)").Exec();
        for (int i = 0; i < 3; i++)
        {
            using var tx = writer.BeginTransaction();
            writer.Sql("INSERT INTO t (v) VALUES (@v)", tx).With("v", (long)i).Exec();
            if (i == 1) tx.Rollback();
            else tx.Commit();
        }
        Assert.Equal(2L, writer.Sql("SELECT SUM(v) FROM t").Scalar());
    }

    [Fact]
    public void Plain_connections_get_a_new_command_each_time()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        using var connection = factory.Open();
        Assert.IsNotType<StatementCachingSqliteConnection>(connection);
        var first = connection.Sql("SELECT 1");
        first.Dispose();
        Assert.NotSame(first, connection.Sql("SELECT 1"));
        Assert.IsType<SqliteConnection>(connection);
    }

    public void Dispose() => _folder.Dispose();
}
