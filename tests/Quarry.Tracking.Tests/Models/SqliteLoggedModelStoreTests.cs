using Quarry.Storage.Testing;
using Quarry.Tracking.Models;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Models;

/// <summary>The logged-model contract on a SQLite file (one file per test class).</summary>
public sealed class SqliteLoggedModelStoreTests : LoggedModelStoreContract, IDisposable
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();
    readonly List<TrackingDatabase> _databases = [];

    protected override (ITrackingStore Tracking, ILoggedModelStore Models) CreateStores()
    {
        var database = TrackingDatabase.Open(_folder.Sqlite("tracking.db"));
        _databases.Add(database);
        return (database.Tracking, database.LoggedModels);
    }

    /// <summary>Performance smoke check: 1,000 models (2 linked metrics, 1 param each), metric + param filter, metric order_by.</summary>
    [Fact]
    public async Task SearchLoggedModels_over_1000_models_with_a_metric_filter_and_metric_order_is_fast()
    {
        var (tracking, models) = CreateStores();
        var exp = await tracking.CreateExperimentAsync($"lm-perf-{Guid.NewGuid():N}");
        var run = (await tracking.CreateRunAsync(exp, "u", 0)).Info.RunId;
        var insert = System.Diagnostics.Stopwatch.StartNew();
        var metrics = new List<Metric>();
        for (int i = 0; i < 1000; i++)
        {
            var m = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = $"m{i}", Params = [new Param("p0", $"v{i % 3}")] });
            metrics.Add(new Metric("m0", i * 7 % 1000 / 1000.0, 0) { ModelId = m.ModelId });
            metrics.Add(new Metric("m1", i * 13 % 1000 / 1000.0, 0) { ModelId = m.ModelId });
        }
        foreach (var chunk in metrics.Chunk(1000)) await tracking.LogBatchAsync(run, chunk, null, null);
        insert.Stop();
        LoggedModelOrder[] order = [new("metrics.m1", Ascending: false)];
        await models.SearchLoggedModelsAsync([exp], "metrics.m0 > 0.5", order, 100, null); // warm-up
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var page = await models.SearchLoggedModelsAsync([exp], "metrics.m0 > 0.5 AND params.p0 = 'v0'", order, 1000, null);
        watch.Stop();
        Console.WriteLine($"SQLite: created 1000 logged models in {insert.ElapsedMilliseconds} ms; search returned {page.Models.Count} in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(Enumerable.Range(0, 1000).Count(i => i * 7 % 1000 / 1000.0 > 0.5 && i % 3 == 0), page.Models.Count);
        Assert.All(page.Models, m => Assert.True(m.Metrics.Single(x => x.Metric.Key == "m0").Metric.Value > 0.5));
        Assert.All(page.Models, m => Assert.Equal("v0", m.Params.Single().Value));
        var m1 = page.Models.Select(m => m.Metrics.Single(x => x.Metric.Key == "m1").Metric.Value).ToList();
        Assert.Equal(m1.OrderByDescending(v => v), m1);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"search took {watch.ElapsedMilliseconds} ms");
    }

    public void Dispose()
    {
        foreach (var database in _databases) database.Dispose();
        _folder.Dispose();
    }
}
