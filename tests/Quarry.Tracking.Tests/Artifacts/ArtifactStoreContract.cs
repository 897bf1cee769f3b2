using System.Text;
using Quarry.Core;
using Quarry.Tracking.Artifacts;

namespace Quarry.Tracking.Tests.Artifacts;

/// <summary>What every <see cref="IArtifactStore"/> must do; a store's test class derives from this and creates the store.</summary>
public abstract class ArtifactStoreContract
{
    /// <summary>A new, empty store.</summary>
    protected abstract IArtifactStore Store { get; }

    static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    async Task<string> ReadText(string path)
    {
        await using var content = await Store.OpenReadAsync(path);
        using var reader = new StreamReader(content.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Write_then_read_round_trips_the_bytes_and_length()
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        Assert.Equal(bytes.Length, await Store.WriteAsync("model/weights.bin", new MemoryStream(bytes)));
        await using var content = await Store.OpenReadAsync("model/weights.bin");
        Assert.Equal(bytes.Length, content.Length);
        var back = new MemoryStream();
        await content.Content.CopyToAsync(back);
        Assert.Equal(bytes, back.ToArray());
    }

    [Fact]
    public async Task Write_replaces_an_existing_file()
    {
        await Store.WriteAsync("notes.txt", Text("first version, longer"));
        await Store.WriteAsync("notes.txt", Text("second"));
        Assert.Equal("second", await ReadText("notes.txt"));
    }

    [Fact]
    public async Task A_failed_write_keeps_the_old_file_and_leaves_nothing_behind()
    {
        await Store.WriteAsync("data/prices.csv", Text("old"));
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync("data/prices.csv", new FailingStream(100_000)));
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync("data/other.csv", new FailingStream(10)));
        Assert.Equal("old", await ReadText("data/prices.csv"));
        var listing = await Store.ListAsync("data");
        Assert.Equal(["data/prices.csv"], listing.Select(f => f.Path));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_nothing_behind()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync("c/x.bin", new MemoryStream(new byte[1000]), cts.Token));
        Assert.DoesNotContain(await Store.ListAsync("c"), f => !f.IsDir);
    }

    [Fact]
    public async Task Concurrent_writes_to_one_path_leave_one_complete_file()
    {
        const int size = 1 << 20;
        await Task.WhenAll(Enumerable.Range(1, 6).Select(v => Task.Run(() => Store.WriteAsync("race.bin", new MemoryStream(Filled(size, (byte)v))))));
        await using var content = await Store.OpenReadAsync("race.bin");
        var back = new MemoryStream();
        await content.Content.CopyToAsync(back);
        var bytes = back.ToArray();
        Assert.Equal(size, bytes.Length);
        Assert.All(bytes, b => Assert.Equal(bytes[0], b));
    }

    static byte[] Filled(int size, byte value)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, value);
        return bytes;
    }

    [Fact]
    public async Task List_gives_the_entries_of_one_directory_by_name_with_sizes()
    {
        await Store.WriteAsync("run/b.txt", Text("bb"));
        await Store.WriteAsync("run/a.txt", Text("a"));
        await Store.WriteAsync("run/model/MLmodel", Text("flavors: {}"));
        var listing = await Store.ListAsync("run");
        Assert.Equal(
            [new ArtifactFileInfo("run/a.txt", false, 1), new ArtifactFileInfo("run/b.txt", false, 2), new ArtifactFileInfo("run/model", true, null)],
            listing);
        Assert.Equal([new ArtifactFileInfo("run", true, null)], await Store.ListAsync(null));
        Assert.Equal([new ArtifactFileInfo("run/model/MLmodel", false, 11)], await Store.ListAsync("run/model/"));
    }

    [Fact]
    public async Task List_of_a_missing_directory_or_a_file_is_empty()
    {
        Assert.Empty(await Store.ListAsync("nowhere"));
        await Store.WriteAsync("f.txt", Text("x"));
        Assert.Empty(await Store.ListAsync("f.txt"));
    }

    [Fact]
    public async Task Delete_removes_a_file_or_a_whole_directory_and_is_idempotent()
    {
        await Store.WriteAsync("d/keep.txt", Text("k"));
        await Store.WriteAsync("d/sub/x.txt", Text("x"));
        await Store.WriteAsync("d/sub/deeper/y.txt", Text("y"));
        Assert.True(await Store.DeleteAsync("d/sub"));
        Assert.True(await Store.DeleteAsync("d/keep.txt"));
        Assert.False(await Store.DeleteAsync("d/keep.txt"));
        Assert.Empty(await Store.ListAsync("d"));
    }

    [Fact]
    public async Task Delete_refuses_the_root() =>
        Assert.Equal(ErrorCode.InvalidParameter, (await Assert.ThrowsAsync<QuarryException>(() => Store.DeleteAsync(""))).Code);

    [Fact]
    public async Task Reading_a_missing_file_is_NotFound_and_a_directory_is_InvalidParameter()
    {
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<QuarryException>(() => Store.OpenReadAsync("missing/file.txt"))).Code);
        await Store.WriteAsync("dir/file.txt", Text("x"));
        var e = await Assert.ThrowsAsync<QuarryException>(() => Store.OpenReadAsync("dir"));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("is a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_below_a_file_says_which_file_is_in_the_way()
    {
        await Store.WriteAsync("a/b", Text("file"));
        var e = await Assert.ThrowsAsync<QuarryException>(() => Store.WriteAsync("a/b/c/d.txt", Text("x")));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("'a/b' is a file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("%2e%2e/escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("a\0b")]
    public async Task Invalid_paths_are_refused_by_every_operation(string path)
    {
        Assert.Equal(ErrorCode.InvalidParameter, (await Assert.ThrowsAsync<QuarryException>(() => Store.WriteAsync(path, Text("x")))).Code);
        Assert.Equal(ErrorCode.InvalidParameter, (await Assert.ThrowsAsync<QuarryException>(() => Store.OpenReadAsync(path))).Code);
        Assert.Equal(ErrorCode.InvalidParameter, (await Assert.ThrowsAsync<QuarryException>(() => Store.ListAsync(path))).Code);
        Assert.Equal(ErrorCode.InvalidParameter, (await Assert.ThrowsAsync<QuarryException>(() => Store.DeleteAsync(path))).Code);
    }

    /// <summary>A stream that yields <c>failAfter</c> bytes and then throws, like a dropped upload.</summary>
    sealed class FailingStream(int failAfter) : Stream
    {
        int _left = failAfter;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0) throw new IOException("connection reset");
            int n = Math.Min(count, _left);
            Array.Fill(buffer, (byte)'x', offset, n);
            _left -= n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
