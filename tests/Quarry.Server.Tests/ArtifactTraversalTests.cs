using System.Net;
using System.Text;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

/// <summary>
/// Attempts to read or write outside the artifact root, sent byte-exact over a raw socket: each is a 400 and writes nothing.
/// </summary>
public class ArtifactTraversalTests
{
    const string Proxy = "/api/2.0/mlflow-artifacts/artifacts/";

    public static TheoryData<string, string> WriteAttempts => new()
    {
        { "PUT", Proxy + "../{0}" },
        { "PUT", Proxy + "a/../../../{0}" },
        { "PUT", Proxy + "%2e%2e/%2e%2e/{0}" },
        { "PUT", Proxy + "..%2F..%2F{0}" },
        { "PUT", Proxy + "%252e%252e/%252e%252e/{0}" },
        { "PUT", Proxy + "%2Ftmp%2F{0}" },
        { "PUT", Proxy + "a%5C..%5C..%5C{0}" },
        { "PUT", "/ajax-api/2.0/mlflow-artifacts/artifacts/..%2F{0}" },
        { "POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid={1}&path=../../{0}" },
        { "POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid={1}&path=%2e%2e%2F%2e%2e%2F%2e%2e%2F{0}" },
        { "POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid={1}&path=%2Ftmp%2F{0}" },
        { "POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid={1}&path={0}%00.txt" },
    };

    [Theory]
    [MemberData(nameof(WriteAttempts))]
    public async Task Writes_that_climb_out_are_400_and_write_nothing(string method, string target)
    {
        await using var server = await RunningServer.StartAsync();
        var run = await ArtifactRuns.CreateAsync(server);
        string name = "escape-" + Guid.NewGuid().ToString("N") + ".txt";
        var response = await RawHttp.SendAsync(server.BaseAddress, method, string.Format(System.Globalization.CultureInfo.InvariantCulture, target, name, run.RunId),
            Encoding.UTF8.GetBytes("owned"));

        Assert.Equal(400, response.Status);
        Assert.Contains("INVALID_PARAMETER_VALUE", response.Body, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(server.Directory, "*escape*", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), name)));
        Assert.False(File.Exists(Path.Combine("/tmp", name)));
    }

    [Fact]
    public async Task A_NUL_in_the_URL_path_is_refused_before_routing_and_writes_nothing()
    {
        await using var server = await RunningServer.StartAsync();
        var response = await RawHttp.SendAsync(server.BaseAddress, "PUT", Proxy + "escape%00.txt", [1, 2, 3]);
        // Kestrel itself rejects the request target (an empty 400), before any Quarry code runs.
        Assert.Equal(400, response.Status);
        Assert.Empty(Directory.GetFiles(server.Directory, "*escape*", SearchOption.AllDirectories));
    }

    public static TheoryData<string> ReadAttempts => new()
    {
        Proxy + "../tracking.db",
        Proxy + "..%2Ftracking.db",
        Proxy + "%2e%2e/tracking.db",
        Proxy + "%2Fetc%2Fpasswd",
        "/api/2.0/mlflow-artifacts/artifacts?path=..",
        "/api/2.0/mlflow-artifacts/artifacts?path=%2Fetc",
        "/api/2.0/mlflow/artifacts/list?run_id={0}&path=../../..",
        "/get-artifact?run_uuid={0}&path=../../../../tracking.db",
        "/get-artifact?run_uuid={0}&path=%252e%252e/%252e%252e/%252e%252e/%252e%252e/tracking.db",
        "/get-artifact?run_uuid={0}&path=model%00.txt",
    };

    [Theory]
    [MemberData(nameof(ReadAttempts))]
    public async Task Reads_that_climb_out_are_400(string target)
    {
        await using var server = await RunningServer.StartAsync();
        var run = await ArtifactRuns.CreateAsync(server);
        var response = await RawHttp.SendAsync(server.BaseAddress, "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, target, run.RunId));
        Assert.Equal(400, response.Status);
        Assert.Contains("INVALID_PARAMETER_VALUE", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deletes_that_climb_out_are_400_and_the_store_survives()
    {
        await using var server = await RunningServer.StartAsync();
        var put = await server.Http.PutAsync("api/2.0/mlflow-artifacts/artifacts/keep/me.txt", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        foreach (var target in new[] { Proxy + "..", Proxy + "keep/..%2F..", Proxy + "%2e%2e" })
        {
            var response = await RawHttp.SendAsync(server.BaseAddress, "DELETE", target);
            Assert.Equal(400, response.Status);
        }
        Assert.True(File.Exists(Path.Combine(server.Directory, "tracking.db")));
        Assert.True(File.Exists(Path.Combine(server.Directory, "artifacts", "keep", "me.txt")));
    }
}
