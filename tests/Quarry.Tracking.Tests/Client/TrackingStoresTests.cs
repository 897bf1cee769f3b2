using Quarry.Core;
using Quarry.Storage.Testing;
using Quarry.Tracking.Client;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Client;

public class TrackingStoresTests
{
    static Func<string, string?> Env(string? quarry, string? mlflow) =>
        name => name == "QUARRY_TRACKING_URI" ? quarry : name == "MLFLOW_TRACKING_URI" ? mlflow : null;

    [Fact]
    public void ResolveUri_prefers_the_explicit_uri_then_quarry_then_mlflow_then_the_default()
    {
        Assert.Equal("sqlite:a.db", TrackingStores.ResolveUri(" sqlite:a.db ", Env("sqlite:b.db", "sqlite:c.db")));
        Assert.Equal("sqlite:b.db", TrackingStores.ResolveUri(null, Env("sqlite:b.db", "sqlite:c.db")));
        Assert.Equal("sqlite:c.db", TrackingStores.ResolveUri("  ", Env("", "sqlite:c.db")));
        Assert.Equal("sqlite:.quarry/tracking.db", TrackingStores.ResolveUri(null, Env(null, null)));
    }

    [Fact]
    public void Open_picks_the_sql_store_for_sqlite_uris_and_creates_the_folder()
    {
        using var folder = TestDatabases.NewSqliteFolder();
        var path = Path.Combine(folder.Path, "nested", "t.db");
        var store = TrackingStores.Open("sqlite:" + path);
        using (store as IDisposable)
        {
            Assert.IsType<SqlTrackingStore>(store);
            Assert.True(File.Exists(path));
        }
    }

    [Fact]
    public void Open_refuses_unsupported_uris_with_the_fix()
    {
        var e = Assert.Throws<QuarryException>(() => TrackingStores.Open("databricks://profile"));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("fix:", e.Message);
        Assert.Throws<QuarryException>(() => TrackingStores.Open("ftp://somewhere"));
    }
}
