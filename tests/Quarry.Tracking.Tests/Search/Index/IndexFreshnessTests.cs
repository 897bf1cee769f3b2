using Quarry.Storage;
using Quarry.Storage.Testing;

namespace Quarry.Tracking.Tests.Search.Index;

/// <summary>The freshness contract on one SQLite file shared by two stores.</summary>
public sealed class SqliteIndexFreshnessTests : IndexFreshnessContract
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    protected override string Location => _folder.Sqlite("fresh.db");
}

/// <summary>The freshness contract on PostgreSQL, plus a writer whose transaction spans the reader's refresh.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIndexFreshnessTests(PostgresFixture postgres) : IndexFreshnessContract
{
    protected override string Location => postgres.SharedDatabase;

    [Fact]
    public async Task A_transaction_that_began_before_a_refresh_and_commits_after_it_is_seen_by_the_next_search()
    {
        OpenStores();
        var exp = await Writer.CreateExperimentAsync($"late-{Guid.NewGuid():N}");
        string run = (await Writer.CreateRunAsync(exp, "u", 1)).Info.RunId;
        string other = (await Writer.CreateRunAsync(exp, "u", 2)).Info.RunId;
        Assert.Empty(await Fresh(() => Ids(exp, "tags.late = 'yes'"), rebuilt: true));

        using var factory = ConnectionFactory.Create(Location);
        using var connection = factory.Open();
        using var tx = factory.Dialect.BeginWrite(connection);
        connection.Sql("SELECT pg_current_xact_id()", tx).Scalar(); // the transaction has its id from here on

        await Writer.LogMetricAsync(other, "m", 1, 0, 0); // a later transaction id, committed first
        Assert.Equal([other], await Fresh(() => Ids(exp, "metrics.m = 1")));

        // What the store's tag write does: stamp the run with the transaction's id, then write.
        connection.Sql("UPDATE runs SET change_stamp = pg_current_xact_id()::text::bigint WHERE run_uuid = @r", tx).With("r", run).Exec();
        connection.Sql("INSERT INTO tags (run_uuid, key, value) VALUES (@r, 'late', 'yes')", tx).With("r", run).Exec();
        Assert.Empty(await Fresh(() => Ids(exp, "tags.late = 'yes'")));
        tx.Commit();

        Assert.Equal([run], await Fresh(() => Ids(exp, "tags.late = 'yes'")));
    }
}
