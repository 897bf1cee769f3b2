using System.Text;
using Quarry.Core;
using Quarry.Storage.Testing;
using Quarry.Tracking.Search.Index;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Search.Index;

/// <summary>
/// Random writes interleaved with random searches (filters, order_by, view types, page sizes and offsets): a store
/// answering from its index and a store answering by SQL, on one database, return the same pages.
/// </summary>
public abstract class IndexRandomDifferential
{
    protected abstract string Location { get; }

    static readonly double[] Values = [-1, 0, 0.5, 1, 2, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
    static readonly string[] Texts = ["a", "A", "b", "ab", "a_b", "x%", "Ab c", ""];
    static readonly string[] Patterns = ["a%", "%b%", "_", "A%", "%", "a\\_b", "x%"];
    static readonly string[] Statuses = ["RUNNING", "FINISHED", "FAILED", "KILLED", "SCHEDULED"];
    static readonly string[] Orders =
        ["metrics.m1", "metrics.m2", "params.p1", "tags.t1", "attributes.start_time", "attributes.end_time", "attributes.run_name", "attributes.status", "attributes.user_id"];

    static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    [Fact]
    public async Task Random_writes_and_searches_give_the_same_pages_with_and_without_the_index()
    {
        using var indexed = SqlTrackingStore.Open(Location, new RunSearchIndexOptions { MinRuns = 0 });
        using var plain = SqlTrackingStore.Open(Location, RunSearchIndexOptions.Disabled);
        var rng = new Random(20261124);
        var exp = await plain.CreateExperimentAsync($"random-{Guid.NewGuid():N}");
        var runs = new List<string>();
        for (int i = 0; i < 25; i++) runs.Add(await CreateRunAsync(plain, exp, rng));
        for (int step = 0; step < 80; step++)
        {
            await WriteAsync(plain, exp, runs, rng);
            for (int q = 0; q < 5; q++)
            {
                string filter = Filter(rng, runs);
                string[] order = [.. Orders.OrderBy(_ => rng.Next()).Take(rng.Next(0, 3)).Select(o => o + Pick(rng, new[] { "", " ASC", " DESC" }))];
                var view = Pick(rng, new[] { ViewType.ActiveOnly, ViewType.DeletedOnly, ViewType.All });
                int max = rng.Next(1, 12);
                string? token = rng.Next(3) == 0 ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {rng.Next(0, 8)}}}"));
                var a = await indexed.SearchRunsAsync([exp], filter, view, max, order, token);
                var b = await plain.SearchRunsAsync([exp], filter, view, max, order, token);
                string[] ia = [.. a.Runs.Select(r => r.Info.RunId)], ib = [.. b.Runs.Select(r => r.Info.RunId)];
                Assert.True(ia.SequenceEqual(ib) && a.NextPageToken == b.NextPageToken,
                    $"step {step}: filter \"{filter}\" order [{string.Join(", ", order)}] {view} max {max}: index [{string.Join(", ", ia)}] {a.NextPageToken}, SQL [{string.Join(", ", ib)}] {b.NextPageToken}");
                Assert.Equal(b.Runs.Select(Shown), a.Runs.Select(Shown));
            }
        }
        var counts = indexed.SearchIndex!.Counts;
        Assert.True(counts.Answered > 300, $"the index answered {counts.Answered} of 400 searches");
        Assert.True(counts.Updates > 40, $"{counts.Updates} incremental updates");
    }

    /// <summary>Everything a search returns about a run, as comparable text (the index builds most runs itself).</summary>
    static string Shown(Run r) => string.Join(" | ", [
        r.Info.ToString(),
        string.Join(", ", r.Data.LatestMetrics.Select(m => $"{m.Key}={m.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}@{m.Timestamp}/{m.Step}")),
        string.Join(", ", r.Data.Params.Select(p => $"{p.Key}={p.Value}")),
        string.Join(", ", r.Data.Tags.Select(t => $"{t.Key}={t.Value}")),
        string.Join(", ", r.Inputs.Select(i => $"{i.Dataset}[{string.Join(",", i.Tags)}]")),
    ]);

    static async Task<string> CreateRunAsync(ITrackingStore store, string exp, Random rng)
    {
        string id = (await store.CreateRunAsync(exp, Pick(rng, new[] { "alice", "bob", "" }), rng.Next(0, 6), "run-" + Pick(rng, Texts))).Info.RunId;
        await store.LogBatchAsync(id,
            [.. new[] { "m1", "m2" }.Where(_ => rng.Next(3) > 0).Select(k => new Metric(k, Pick(rng, Values), 0, 0))],
            [.. new[] { "p1", "p2" }.Where(_ => rng.Next(2) == 0).Select(k => new Param(k, Pick(rng, Texts)))],
            [.. new[] { "t1", "t2" }.Where(_ => rng.Next(2) == 0).Select(k => new RunTag(k, Pick(rng, Texts)))]);
        return id;
    }

    static async Task WriteAsync(ITrackingStore store, string exp, List<string> runs, Random rng)
    {
        string run = Pick(rng, runs);
        try
        {
            switch (rng.Next(11))
            {
                case 0: case 1: await store.LogMetricAsync(run, Pick(rng, new[] { "m1", "m2", "m3" }), Pick(rng, Values), rng.Next(3), rng.Next(3)); break;
                case 2: await store.LogParamAsync(run, "p" + rng.Next(1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), Pick(rng, Texts)); break;
                case 3: await store.SetTagAsync(run, Pick(rng, new[] { "t1", "t2", "mlflow.runName" }), Pick(rng, Texts)); break;
                case 4: await store.DeleteTagAsync(run, Pick(rng, new[] { "t1", "t2" })); break;
                case 5: await store.UpdateRunAsync(run, Enum.Parse<RunStatus>(Pick(rng, Statuses), ignoreCase: true), rng.Next(2) == 0 ? rng.Next(0, 9) : null); break;
                case 6: await (rng.Next(2) == 0 ? store.DeleteRunAsync(run) : store.RestoreRunAsync(run)); break;
                case 7: runs.Add(await CreateRunAsync(store, exp, rng)); break;
                case 8: await store.UpdateRunAsync(run, runName: "renamed-" + Pick(rng, Texts)); break;
                case 9:
                    await store.LogInputsAsync(run, [new RunInput(new Dataset("prices-" + Pick(rng, Texts), "d" + rng.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture), "local", "file:///prices.csv"),
                        [new RunTag("mlflow.data.context", Pick(rng, new[] { "train", "eval" }))])]);
                    break;
                default:
                    if (rng.Next(4) > 0) break;
                    await store.DeleteRunAsync(run);
                    await store.PurgeRunAsync(run);
                    runs.Remove(run);
                    break;
            }
        }
        catch (QuarryException e) when (e.Code is ErrorCode.InvalidState or ErrorCode.NotFound or ErrorCode.InvalidParameter)
        {
            // a write on a deleted run, a missing tag, a param re-logged with another value: nothing changed
        }
    }

    static string Quote(string s) => "'" + s + "'";

    static string Filter(Random rng, List<string> runs) => string.Join(" AND ", Enumerable.Range(0, rng.Next(0, 3)).Select(_ => rng.Next(8) switch
    {
        0 => $"metrics.{Pick(rng, new[] { "m1", "m2", "m3" })} {Pick(rng, new[] { "=", "!=", ">", ">=", "<", "<=" })} {Pick(rng, new[] { "0", "0.5", "1", "-1", "1e999" })}",
        1 => $"params.{Pick(rng, new[] { "p1", "p2", "p3" })} {Pick(rng, new[] { "=", "!=" })} {Quote(Pick(rng, Texts))}",
        2 => $"tags.{Pick(rng, new[] { "t1", "t2" })} {Pick(rng, new[] { "LIKE", "ILIKE" })} {Quote(Pick(rng, Patterns))}",
        3 => $"attributes.status {Pick(rng, new[] { "=", "!=" })} {Quote(Pick(rng, Statuses))}",
        4 => $"attributes.run_id {Pick(rng, new[] { "IN", "NOT IN" })} ({Quote(Pick(rng, runs))}, {Quote(Pick(rng, runs))})",
        5 => $"attributes.{Pick(rng, new[] { "start_time", "end_time" })} {Pick(rng, new[] { "=", ">", "<=" })} {rng.Next(0, 6)}",
        6 => $"attributes.run_name {Pick(rng, new[] { "LIKE", "ILIKE", "=" })} {Quote(Pick(rng, new[] { "run-%", "%a%", "renamed-a", "RUN-_" }))}",
        _ => $"attributes.user_id {Pick(rng, new[] { "=", "!=", "LIKE" })} {Quote(Pick(rng, new[] { "alice", "bob", "", "%o%" }))}",
    }));
}

/// <summary>The random differential on SQLite.</summary>
public sealed class SqliteIndexRandomDifferentialTests : IndexRandomDifferential, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    protected override string Location => _folder.Sqlite("random.db");

    public void Dispose() => _folder.Dispose();
}

/// <summary>The random differential on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIndexRandomDifferentialTests(PostgresFixture postgres) : IndexRandomDifferential
{
    protected override string Location => postgres.SharedDatabase;
}
