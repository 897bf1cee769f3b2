using Quarry.Storage;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

public class TrackingSchemaTests
{
    static void DeleteFiles(string path)
    {
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(file);
    }

    [Fact]
    public void Tracking_migrations_apply_once_on_a_fresh_sqlite_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"quarry-tracking-{Guid.NewGuid():N}.db");
        try
        {
            using var factory = ConnectionFactory.Create(StoreLocation.Parse($"sqlite:{path}"));
            var migrator = new Migrator(factory);
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], migrator.Apply(TrackingSchema.Migrations));
            Assert.Empty(migrator.Apply(TrackingSchema.Migrations));
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], migrator.AppliedVersions(TrackingSchema.SetName));
        }
        finally
        {
            DeleteFiles(path);
        }
    }

    [Fact]
    public async Task A_version_1_database_is_upgraded_on_open_and_keeps_its_runs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"quarry-tracking-v1-{Guid.NewGuid():N}.db");
        try
        {
            using (var factory = ConnectionFactory.Create(StoreLocation.Parse($"sqlite:{path}")))
            {
                var v1 = TrackingSchema.Migrations with { Migrations = [TrackingSchema.Migrations.Migrations[0]] };
                Assert.Equal([1], new Migrator(factory).Apply(v1));
                using var connection = factory.Open();
                connection.Sql("""
                    INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (7, 'old', 'a', 0, 0);
                    INSERT INTO runs (run_uuid, name, experiment_id, status, start_time, artifact_uri) VALUES ('0123456789abcdef0123456789abcdef', 'r', 7, 'FINISHED', 5, 'a/r');
                    INSERT INTO params (run_uuid, key, value) VALUES ('0123456789abcdef0123456789abcdef', 'fast', '10');
                    """).Exec();
            }
            using var store = SqlTrackingStore.Open($"sqlite:{path}");
            var run = await store.GetRunAsync("0123456789abcdef0123456789abcdef");
            Assert.Equal([new Param("fast", "10")], run.Data.Params);
            Assert.Empty(run.Inputs);
            await store.LogInputsAsync(run.Info.RunId, [new RunInput(new Dataset("d", "x", "local", "s"), [])]);
            Assert.Equal("d", Assert.Single((await store.GetRunAsync(run.Info.RunId)).Inputs).Dataset.Name);
            using var check = ConnectionFactory.Create(StoreLocation.Parse($"sqlite:{path}"));
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], new Migrator(check).AppliedVersions(TrackingSchema.SetName));
        }
        finally
        {
            DeleteFiles(path);
        }
    }
}
