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

    [Fact]
    public void Open_picks_the_rest_store_and_the_artifact_proxy_for_server_uris()
    {
        var store = TrackingStores.Open("http://127.0.0.1:5999");
        using (store as IDisposable) Assert.IsType<Quarry.Tracking.Rest.RestTrackingStore>(store);
        var artifacts = TrackingStores.OpenArtifacts("https://tracking.example:8443");
        using (artifacts as IDisposable) Assert.IsType<HttpArtifactStore>(artifacts);
        Assert.Throws<QuarryException>(() => TrackingStores.DefaultArtifactRoot("http://127.0.0.1:5999"));
    }

    [Fact]
    public async Task OpenRegistry_picks_the_sql_registry_for_databases_and_REST_for_servers()
    {
        using var folder = TestDatabases.NewSqliteFolder();
        var path = Path.Combine(folder.Path, "nested", "r.db");
        var registry = TrackingStores.OpenRegistry("sqlite:" + path);
        using (registry as IDisposable)
        {
            Assert.IsType<SqlModelRegistryStore>(registry);
            Assert.Equal("m", (await registry.CreateRegisteredModelAsync("m")).Name);
        }
        using (var database = TrackingDatabase.Open("sqlite:" + path)) // the registry beside the tracking tables
            Assert.Equal("m", (await database.Registry.GetRegisteredModelAsync("m")).Name);
        var remote = TrackingStores.OpenRegistry("https://tracking.example:8443");
        using (remote as IDisposable) Assert.IsType<Quarry.Tracking.Rest.RestModelRegistryStore>(remote);
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => TrackingStores.OpenRegistry("file:///tmp/mlruns")).Code);
    }

    [Fact]
    public void DefaultArtifactRoot_sits_beside_the_sqlite_file()
    {
        using var folder = TestDatabases.NewSqliteFolder();
        Assert.Equal(Path.Combine(folder.Path, ".quarry", "artifacts"), TrackingStores.DefaultArtifactRoot("sqlite:" + Path.Combine(folder.Path, "t.db")));
        Assert.Equal(Path.Combine(folder.Path, ".quarry", "artifacts"),
            TrackingStores.DefaultArtifactRoot("sqlite:" + Path.Combine(folder.Path, ".quarry", "tracking.db")));
        var local = TrackingStores.OpenArtifacts("sqlite:" + Path.Combine(folder.Path, "t.db"), Path.Combine(folder.Path, "elsewhere"));
        Assert.Equal(Path.Combine(folder.Path, "elsewhere"), Assert.IsType<Quarry.Tracking.Artifacts.LocalArtifactStore>(local).Root);
    }
}
