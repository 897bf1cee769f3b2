using System.Globalization;
using Quarry.Storage;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Registry;

/// <summary>Checks that look at the database itself: both schemas in one database, and no rows left behind by a delete.</summary>
internal static class RegistrySqlChecks
{
    public static async Task AssertTrackingDatabaseServesBothAsync(string location)
    {
        using var db = TrackingDatabase.Open(location);
        var exp = await db.Tracking.CreateExperimentAsync($"both-{Guid.NewGuid():N}");
        var run = await db.Tracking.CreateRunAsync(exp, "u", 1);
        string name = $"both-{Guid.NewGuid():N}";
        await db.Registry.CreateRegisteredModelAsync(name);
        var version = await db.Registry.CreateModelVersionAsync(name, $"{run.Info.ArtifactUri}/model", run.Info.RunId);
        Assert.Equal(run.Info.RunId, (await db.Registry.GetModelVersionAsync(name, version.Version)).RunId);
        Assert.Equal(db.Location, db.Tracking.Location);
        Assert.Equal(db.Location, db.Registry.Location);
        using var factory = ConnectionFactory.Create(location);
        var migrator = new Migrator(factory);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], migrator.AppliedVersions(TrackingSchema.SetName));
        Assert.Equal([1], migrator.AppliedVersions(RegistrySchema.SetName));
    }

    public static async Task AssertDeleteLeavesNoRowsAsync(string location)
    {
        using var store = SqlModelRegistryStore.Open(location);
        using var factory = ConnectionFactory.Create(location);
        string name = $"cascade-{Guid.NewGuid():N}";
        await store.CreateRegisteredModelAsync(name, new Dictionary<string, string> { ["k"] = "v" });
        await store.CreateModelVersionAsync(name, "runs:/r/model", tags: new Dictionary<string, string> { ["vk"] = "vv" });
        await store.SetAliasAsync(name, "champion", "1");
        await store.TransitionStageAsync(name, "1", ModelStage.Staging, false);
        long id = Convert.ToInt64(Scalar(factory, "SELECT model_id FROM registered_models WHERE name = @n", name), CultureInfo.InvariantCulture);
        string[] tables = ["registered_model_tags", "model_versions", "model_version_tags", "registered_model_aliases", "stage_transitions"];
        Assert.All(tables, t => Assert.Equal(1L, Count(factory, t, id)));
        await store.DeleteRegisteredModelAsync(name);
        Assert.All(tables.Append("registered_models"), t => Assert.Equal(0L, Count(factory, t, id)));
    }

    static long Count(IConnectionFactory factory, string table, long model) =>
        Convert.ToInt64(Scalar(factory, $"SELECT COUNT(*) FROM {table} WHERE model_id = @id", model), CultureInfo.InvariantCulture);

    static object? Scalar(IConnectionFactory factory, string sql, object value)
    {
        using var connection = factory.Open();
        var cmd = connection.Sql(sql);
        _ = value is long l ? cmd.With("id", l) : cmd.With("n", (string)value);
        return cmd.Scalar();
    }
}
