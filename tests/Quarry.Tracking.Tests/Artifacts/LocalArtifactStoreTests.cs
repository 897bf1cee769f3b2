using Quarry.Tracking.Artifacts;

namespace Quarry.Tracking.Tests.Artifacts;

public sealed class LocalArtifactStoreTests : ArtifactStoreContract, IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "quarry-artifacts-" + Guid.NewGuid().ToString("N"));
    readonly string _root;
    readonly LocalArtifactStore _store;

    public LocalArtifactStoreTests()
    {
        _root = Path.Combine(_dir, "root");
        _store = new LocalArtifactStore(_root);
    }

    protected override IArtifactStore Store => _store;

    [Fact]
    public async Task Files_land_under_the_root_and_nothing_escapes_it()
    {
        await _store.WriteAsync("1/run/artifacts/plot.png", new MemoryStream([1, 2, 3]));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_root, "1", "run", "artifacts", "plot.png")));
        await Assert.ThrowsAsync<Quarry.Core.QuarryException>(() => _store.WriteAsync("../escape.txt", new MemoryStream([1])));
        Assert.Equal([_root], Directory.GetFileSystemEntries(_dir));
        Assert.Equal(Path.Combine(_root, "1", "run"), _store.LocalPath("1/run/"));
    }

    [Fact]
    public async Task Uploads_in_flight_are_not_listed()
    {
        await _store.WriteAsync("x/done.txt", new MemoryStream([1]));
        await File.WriteAllBytesAsync(Path.Combine(_root, "x", LocalArtifactStore.TempPrefix + "0123"), [1, 2]);
        Assert.Equal(["x/done.txt"], (await _store.ListAsync("x")).Select(f => f.Path));
    }

    [Fact]
    public async Task Listing_a_store_whose_root_does_not_exist_yet_is_empty() =>
        Assert.Empty(await _store.ListAsync(""));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
