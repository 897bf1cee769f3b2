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
        first.Dispose(); // a second dispose leaves the cached command as it is
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
    public async Task A_quiet_disposed_connection_is_the_next_Open_with_its_statements_still_prepared()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        var first = (StatementCachingSqliteConnection)factory.Open();
        var select = first.Sql("SELECT 1");
        Assert.Equal(1L, select.Scalar());
        select.Dispose();
        first.Dispose();
        Assert.Equal(System.Data.ConnectionState.Open, first.State);

        var second = factory.Open();
        Assert.Same(first, second);
        Assert.Same(select, second.Sql("SELECT 1"));
        await second.DisposeAsync();
        using var third = factory.Open();
        Assert.Same(first, third);
    }

    [Fact]
    public void A_connection_disposed_inside_a_transaction_or_with_a_running_statement_is_closed_not_reused()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        using (var setup = factory.Open()) setup.Sql("CREATE TABLE t (v INTEGER NOT NULL); INSERT INTO t VALUES (1), (2)").Exec();

        var inTransaction = (StatementCachingSqliteConnection)factory.Open();
        var tx = inTransaction.BeginTransaction();
        inTransaction.Sql("INSERT INTO t VALUES (3)", tx).Exec();
        inTransaction.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, inTransaction.State);

        var reading = (StatementCachingSqliteConnection)factory.Open();
        Assert.NotSame(inTransaction, reading);
        var reader = reading.Sql("SELECT v FROM t").ExecuteReader();
        Assert.True(reader.Read()); // a stepped statement holds a read snapshot: not for the next user
        reading.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, reading.State);

        // The uncommitted insert was rolled back when its connection closed.
        using var next = factory.Open();
        Assert.NotSame(reading, next);
        Assert.Equal(2L, next.Sql("SELECT COUNT(*) FROM t").Scalar());
    }

    [Fact]
    public void Disposing_the_factory_closes_the_connections_it_kept()
    {
        var factory = ConnectionFactory.Create(_folder.Sqlite());
        var kept = factory.Open();
        kept.Dispose();
        Assert.Equal(System.Data.ConnectionState.Open, kept.State);
        factory.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, kept.State);
    }

    [Fact]
    public void TryExecuteInChunks_binds_rows_by_position_in_multi_row_statements_and_counts_changed_rows()
    {
        using var factory = ConnectionFactory.Create(_folder.Sqlite());
        using var writer = factory.OpenWriter();
        writer.Sql("CREATE TABLE t (k TEXT PRIMARY KEY, d REAL, l INTEGER, i INTEGER, n TEXT, b BLOB, v TEXT NOT NULL)").Exec();
        var statements = new List<int>();
        string Insert(int rows)
        {
            statements.Add(rows);
            return "INSERT INTO t (k, d, l, i, n, b, v) VALUES " + string.Join(", ", Enumerable.Repeat("(?, ?, ?, ?, ?, ?, ?)", rows)) + " ON CONFLICT DO NOTHING";
        }
        object?[][] rows =
        [
            ["a", 0.5, 1L << 40, 7, null, new byte[] { 1, 2 }, "x"], ["b", -1.25, -3L, 0, "s", null, "y"],
            ["a", 9.0, 9L, 9, null, null, "dup"], ["c", 1.0, 1L, 1, null, null, "z"], ["d", 2.0, 2L, 2, null, null, "w"],
        ];

        Assert.True(writer.TryExecuteInChunks(Insert, [2, 1], rows, default, out int changed));
        Assert.Equal([2, 1], statements); // (a, b) and (a, c) as 2-row statements, d alone
        Assert.Equal(4, changed); // the second "a" conflicts and is skipped
        Assert.Equal("a|0.5|1099511627776|7||0102|x;b|-1.25|-3|0|s||y;c|1.0|1|1|||z;d|2.0|2|2|||w",
            writer.Sql("SELECT group_concat(k || '|' || d || '|' || l || '|' || i || '|' || coalesce(n, '') || '|' || coalesce(hex(b), '') || '|' || v, ';') FROM (SELECT * FROM t ORDER BY k)").Scalar());

        // A failing statement writes none of its rows; the statement before it stays written.
        var e = Assert.Throws<SqliteException>(() => writer.TryExecuteInChunks(Insert, [2, 1],
            [["e", 1.0, 1L, 1, null, null, "z"], ["f", 1.0, 1L, 1, null, null, "z"], ["g", 1.0, 1L, 1, null, null, null]], default, out _));
        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT: v is NOT NULL
        Assert.Equal(6L, writer.Sql("SELECT COUNT(*) FROM t").Scalar()); // a, b, c, d, e, f

        using var plain = new SqliteConnection(factory.Location.ConnectionString);
        plain.Open();
        Assert.False(plain.TryExecuteInChunks(Insert, [1], rows, default, out _));
    }

    public void Dispose() => _folder.Dispose();
}
