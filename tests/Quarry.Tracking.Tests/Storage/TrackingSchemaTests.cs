using Quarry.Storage;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

public class TrackingSchemaTests
{
    [Fact]
    public void Tracking_migrations_apply_once_on_a_fresh_sqlite_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"quarry-tracking-{Guid.NewGuid():N}.db");
        try
        {
            using var factory = ConnectionFactory.Create(StoreLocation.Parse($"sqlite:{path}"));
            var migrator = new Migrator(factory);
            Assert.Equal([1], migrator.Apply(TrackingSchema.Migrations));
            Assert.Empty(migrator.Apply(TrackingSchema.Migrations));
            Assert.Equal([1], migrator.AppliedVersions(TrackingSchema.SetName));
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(file);
        }
    }
}
