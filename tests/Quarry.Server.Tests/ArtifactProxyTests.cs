using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

public class ArtifactProxyTests
{
    const string Proxy = "api/2.0/mlflow-artifacts/artifacts";

    static async Task Put(RunningServer server, string path, byte[] bytes, string prefix = Proxy)
    {
        var response = await server.Http.PutAsync($"{prefix}/{path}", new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        PatternStream.Fill(bytes, 0);
        return bytes;
    }

    static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Put_then_get_returns_the_bytes_with_download_headers()
    {
        await using var server = await RunningServer.StartAsync();
        var bytes = Pattern(5000);
        await Put(server, "1/abc/artifacts/model/weights.bin", bytes);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(server.Directory, "artifacts", "1", "abc", "artifacts", "model", "weights.bin")));

        var response = await server.Http.GetAsync($"{Proxy}/1/abc/artifacts/model/weights.bin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(5000, response.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("weights.bin", response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
    }

    [Theory]
    [InlineData("MLmodel", "text/plain")]
    [InlineData("metrics.json", "text/plain")]
    [InlineData("trades.csv", "text/plain")]
    [InlineData("equity.png", "image/png")]
    [InlineData("tearsheet.html", "text/html")]
    [InlineData("model.pkl", "application/octet-stream")]
    public async Task Content_type_follows_the_file_name(string name, string expected)
    {
        await using var server = await RunningServer.StartAsync();
        await Put(server, "t/" + name, [1, 2, 3]);
        var response = await server.Http.GetAsync($"{Proxy}/t/{name}");
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Range_requests_get_206_with_Content_Range()
    {
        await using var server = await RunningServer.StartAsync();
        var bytes = Pattern(1000);
        await Put(server, "r/data.bin", bytes);

        var request = new HttpRequestMessage(HttpMethod.Get, $"{Proxy}/r/data.bin");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 100-199/1000", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes[100..200], await response.Content.ReadAsByteArrayAsync());

        var suffix = new HttpRequestMessage(HttpMethod.Get, $"{Proxy}/r/data.bin");
        suffix.Headers.Range = new RangeHeaderValue(null, 10);
        var tail = await server.Http.SendAsync(suffix);
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal("bytes 990-999/1000", tail.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes[990..], await tail.Content.ReadAsByteArrayAsync());

        var beyond = new HttpRequestMessage(HttpMethod.Get, $"{Proxy}/r/data.bin");
        beyond.Headers.Range = new RangeHeaderValue(5000, null);
        var unsatisfiable = await server.Http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal("bytes */1000", unsatisfiable.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Listing_gives_basenames_sizes_and_directories()
    {
        await using var server = await RunningServer.StartAsync();
        await Put(server, "x/b.txt", Encoding.UTF8.GetBytes("bbb"));
        await Put(server, "x/a/deep.txt", Encoding.UTF8.GetBytes("d"));

        var listing = await Json(await server.Http.GetAsync("api/2.0/mlflow-artifacts/artifacts?path=x"));
        var files = listing.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal("a", files[0].GetProperty("path").GetString());
        Assert.True(files[0].GetProperty("is_dir").GetBoolean());
        Assert.False(files[0].TryGetProperty("file_size", out _));
        Assert.Equal("b.txt", files[1].GetProperty("path").GetString());
        Assert.False(files[1].GetProperty("is_dir").GetBoolean());
        Assert.Equal(3, files[1].GetProperty("file_size").GetInt64());

        var root = await Json(await server.Http.GetAsync("api/2.0/mlflow-artifacts/artifacts"));
        Assert.Equal("x", root.GetProperty("files").EnumerateArray().Single().GetProperty("path").GetString());
        var missing = await Json(await server.Http.GetAsync("api/2.0/mlflow-artifacts/artifacts?path=nowhere"));
        Assert.Equal(JsonValueKind.Object, missing.ValueKind);
        Assert.False(missing.TryGetProperty("files", out _));
    }

    [Fact]
    public async Task Delete_removes_files_and_directories_and_a_later_get_is_404()
    {
        await using var server = await RunningServer.StartAsync();
        await Put(server, "d/keep.txt", [1]);
        await Put(server, "d/sub/gone.txt", [2]);

        var deleted = await server.Http.DeleteAsync($"{Proxy}/d/sub");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.Http.DeleteAsync($"{Proxy}/d/sub")).StatusCode);

        var gone = await server.Http.GetAsync($"{Proxy}/d/sub/gone.txt");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var error = JsonDocument.Parse(await gone.Content.ReadAsStringAsync());
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.RootElement.GetProperty("error_code").GetString());
        var listing = await Json(await server.Http.GetAsync("api/2.0/mlflow-artifacts/artifacts?path=d"));
        Assert.Equal("keep.txt", listing.GetProperty("files").EnumerateArray().Single().GetProperty("path").GetString());
    }

    [Fact]
    public async Task The_ajax_api_prefix_serves_the_same_store()
    {
        await using var server = await RunningServer.StartAsync();
        await Put(server, "ui/file.txt", Encoding.UTF8.GetBytes("hello"), "ajax-api/2.0/mlflow-artifacts/artifacts");
        Assert.Equal("hello", await server.Http.GetStringAsync($"{Proxy}/ui/file.txt"));
        Assert.Equal("hello", await server.Http.GetStringAsync("ajax-api/2.0/mlflow-artifacts/artifacts/ui/file.txt"));
    }

    [Theory]
    [InlineData("create")]
    [InlineData("complete")]
    [InlineData("abort")]
    public async Task Multipart_upload_is_a_JSON_501(string operation)
    {
        await using var server = await RunningServer.StartAsync();
        var response = await server.Http.PostAsync($"api/2.0/mlflow-artifacts/mpu/{operation}/1/run/artifacts/model.bin",
            new StringContent("{\"path\":\"model.bin\",\"num_parts\":2}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NOT_IMPLEMENTED", error.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("PUT", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_a_directory_is_a_400_that_says_so()
    {
        await using var server = await RunningServer.StartAsync();
        await Put(server, "dir/file.txt", [1]);
        var response = await server.Http.GetAsync($"{Proxy}/dir");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is a directory", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
