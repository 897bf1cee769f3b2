using System.Net;
using System.Text;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

/// <summary>The routes that address artifacts by run: mlflow/artifacts/list, /get-artifact and the UI's upload-artifact.</summary>
public class ArtifactRunRoutesTests
{
    static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    static StringContent Body(string text) => new(text, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task Files_put_through_the_proxy_are_listed_run_relative_with_the_root_uri()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await ArtifactRuns.CreateAsync(server);
        Assert.StartsWith("mlflow-artifacts:/", run.ArtifactUri, StringComparison.Ordinal);
        string proxied = run.ArtifactUri["mlflow-artifacts:/".Length..];
        // What an MLflow client does for log_artifact: PUT <tracking>/api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PutAsync($"api/2.0/mlflow-artifacts/artifacts/{proxied}/model/MLmodel", Body("flavors: {}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PutAsync($"api/2.0/mlflow-artifacts/artifacts/{proxied}/equity.csv", Body("a,b\n1,2\n"))).StatusCode);

        var top = await Json(await server.Http.GetAsync($"api/2.0/mlflow/artifacts/list?run_id={run.RunId}"));
        Assert.Equal(run.ArtifactUri, top.GetProperty("root_uri").GetString());
        var files = top.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["equity.csv", "model"], files.Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(8, files[0].GetProperty("file_size").GetInt64());
        Assert.True(files[1].GetProperty("is_dir").GetBoolean());

        var model = await Json(await server.Http.GetAsync($"ajax-api/2.0/mlflow/artifacts/list?run_uuid={run.RunId}&path=model"));
        var entry = model.GetProperty("files").EnumerateArray().Single();
        Assert.Equal("model/MLmodel", entry.GetProperty("path").GetString());
        Assert.Equal(11, entry.GetProperty("file_size").GetInt64());
    }

    [Fact]
    public async Task A_run_without_artifacts_lists_only_its_root_uri()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await ArtifactRuns.CreateAsync(server);
        var listing = await Json(await server.Http.GetAsync($"api/2.0/mlflow/artifacts/list?run_id={run.RunId}"));
        Assert.Equal(run.ArtifactUri, listing.GetProperty("root_uri").GetString());
        Assert.False(listing.TryGetProperty("files", out _));
    }

    [Fact]
    public async Task The_UI_upload_then_get_artifact_round_trips()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await ArtifactRuns.CreateAsync(server);
        var upload = await server.Http.PostAsync($"ajax-api/2.0/mlflow/upload-artifact?run_uuid={run.RunId}&path=notes/readme.md", Body("# notes"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        var response = await server.Http.GetAsync($"get-artifact?run_uuid={run.RunId}&path=notes/readme.md");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("# notes", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("readme.md", response.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task UI_uploads_over_10_MB_are_refused_and_write_nothing()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await ArtifactRuns.CreateAsync(server);
        const long size = 10L * 1024 * 1024 + 1;
        var declared = new StreamContent(new PatternStream(size));
        declared.Headers.ContentLength = size;
        var withLength = await server.Http.PostAsync($"ajax-api/2.0/mlflow/upload-artifact?run_uuid={run.RunId}&path=big1.bin", declared);
        Assert.Equal(HttpStatusCode.BadRequest, withLength.StatusCode);
        Assert.Contains("Max size is 10MB", await withLength.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Chunked, so the server only finds out while streaming it to disk.
        var chunked = new StreamContent(new PatternStream(size));
        var request = new HttpRequestMessage(HttpMethod.Post, $"ajax-api/2.0/mlflow/upload-artifact?run_uuid={run.RunId}&path=big2.bin") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, streamed.StatusCode);
        Assert.Contains("Max size is 10MB", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Empty(Directory.GetFiles(Path.Combine(server.Directory, "artifacts"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Unknown_runs_are_404_and_a_missing_run_id_is_400()
    {
        await using var server = await RunningServer.StartAsync();
        var unknown = await server.Http.GetAsync("api/2.0/mlflow/artifacts/list?run_id=0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missing = await server.Http.GetAsync("get-artifact?path=x.txt");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Contains("'run_id'", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
