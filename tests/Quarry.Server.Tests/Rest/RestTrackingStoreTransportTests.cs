using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quarry.Core;
using Quarry.Server.Tests.Support;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Tests.Rest;

/// <summary>
/// RestTrackingStore's transport against scripted HTTP servers on loopback (a stand-in for a flaky or foreign MLflow
/// server: proxies answering 503, servers without Quarry's error key): retries, credentials, error mapping.
/// </summary>
public sealed class RestTrackingStoreTransportTests
{
    /// <summary>A loopback server answering each request with the next scripted (status, body); records the requests' Authorization headers.</summary>
    sealed class ScriptedServer : IAsyncDisposable
    {
        readonly WebApplication _app;
        public readonly ConcurrentQueue<string?> Authorizations = new();
        public int Requests;

        ScriptedServer(WebApplication app) => _app = app;

        public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        public static async Task<ScriptedServer> StartAsync(params (int Status, string Body)[] script)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new ScriptedServer(app);
            app.Run(async context =>
            {
                int n = Interlocked.Increment(ref server.Requests) - 1;
                server.Authorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
                var (status, body) = script[Math.Min(n, script.Length - 1)];
                context.Response.StatusCode = status;
                context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/html";
                await context.Response.WriteAsync(body);
            });
            await app.StartAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    static RestTrackingStore Store(Uri uri, int retries = 3) => new(new RestTrackingStoreOptions
    {
        TrackingUri = uri, MaxRetries = retries, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5),
    });

    [Fact]
    public async Task Transient_503_429_and_500_are_retried_until_success()
    {
        await using var server = await ScriptedServer.StartAsync((503, "<html>busy</html>"), (429, "{}"), (500, """{"error_code": "INTERNAL_ERROR", "message": "x"}"""),
            (200, """{"experiment_id": 42}"""));
        using var store = Store(server.Address);
        Assert.Equal("42", await store.CreateExperimentAsync("e"));
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public async Task Retries_give_up_after_MaxRetries_with_the_last_error()
    {
        await using var server = await ScriptedServer.StartAsync((503, """{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "maintenance"}"""));
        using var store = Store(server.Address, retries: 2);
        var e = await Assert.ThrowsAsync<QuarryException>(() => store.GetRunAsync("abc"));
        Assert.Equal("maintenance", e.Message);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Client_errors_are_not_retried_and_map_MLflow_codes_without_quarry_code()
    {
        await using var server = await ScriptedServer.StartAsync((404, """{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run with id=abc not found"}"""));
        using var store = Store(server.Address);
        var e = await Assert.ThrowsAsync<QuarryException>(() => store.GetRunAsync("abc"));
        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Equal("Run with id=abc not found", e.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Numeric_error_codes_and_non_JSON_errors_are_understood()
    {
        await using (var server = await ScriptedServer.StartAsync((400, """{"error_code": 3001, "message": "taken"}""")))
        {
            using var store = Store(server.Address);
            Assert.Equal(ErrorCode.AlreadyExists, (await Assert.ThrowsAsync<QuarryException>(() => store.CreateExperimentAsync("e"))).Code);
        }
        await using (var server = await ScriptedServer.StartAsync((404, "<html>Not Found</html>")))
        {
            using var store = Store(server.Address);
            var e = await Assert.ThrowsAsync<QuarryException>(() => store.PurgeRunAsync("abc"));
            Assert.Equal(ErrorCode.InvalidState, e.Code);
            Assert.Contains("only a Quarry server can purge", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Registry_errors_map_back_and_transition_history_needs_a_Quarry_server()
    {
        await using (var server = await ScriptedServer.StartAsync((400, """{"error_code": "RESOURCE_ALREADY_EXISTS", "message": "taken"}""")))
        {
            using var registry = new RestModelRegistryStore(new RestTrackingStoreOptions { TrackingUri = server.Address, MaxRetries = 0 });
            Assert.Equal(ErrorCode.AlreadyExists, (await Assert.ThrowsAsync<QuarryException>(() => registry.CreateRegisteredModelAsync("m"))).Code);
        }
        foreach (var notFound in new[] { "<html>Not Found</html>", """{"error_code": "ENDPOINT_NOT_FOUND", "message": "No such endpoint"}""" })
        {
            await using var server = await ScriptedServer.StartAsync((404, notFound));
            using var registry = new RestModelRegistryStore(new RestTrackingStoreOptions { TrackingUri = server.Address, MaxRetries = 0 });
            var e = await Assert.ThrowsAsync<QuarryException>(() => registry.GetTransitionHistoryAsync("fx-carry"));
            Assert.Equal(ErrorCode.InvalidState, e.Code);
            Assert.Contains(server.Address.ToString(), e.Message, StringComparison.Ordinal);
            Assert.Contains("api/quarry/models/fx-carry/transitions", e.Message, StringComparison.Ordinal);
            Assert.Contains("only a Quarry server keeps one", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, server.Requests);
        }
    }

    [Fact]
    public async Task Connection_failures_are_retried_then_reported_with_the_fix()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var store = Store(new Uri($"http://127.0.0.1:{port}"), retries: 2);
        var e = await Assert.ThrowsAsync<QuarryException>(() => store.GetExperimentAsync("0"));
        Assert.Contains("after 3 attempts", e.Message, StringComparison.Ordinal);
        Assert.Contains("quarry serve", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_token_wins_over_Basic_and_Basic_comes_from_MLFLOW_variables()
    {
        await using var server = await ScriptedServer.StartAsync((200, """{"experiment": {"experiment_id": "0", "name": "Default"}}"""));
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_USERNAME"] = "alice", ["MLFLOW_TRACKING_PASSWORD"] = "s3cret" };
        using (var basic = new RestTrackingStore(RestTrackingStoreOptions.FromEnvironment(server.Address.ToString(), k => env.GetValueOrDefault(k))))
            Assert.Equal("Default", (await basic.GetExperimentAsync("0")).Name);
        env["MLFLOW_TRACKING_TOKEN"] = "tok";
        using (var bearer = new RestTrackingStore(RestTrackingStoreOptions.FromEnvironment(server.Address.ToString(), k => env.GetValueOrDefault(k))))
            await bearer.GetExperimentAsync("0");
        Assert.Equal(["Basic " + Convert.ToBase64String("alice:s3cret"u8.ToArray()), "Bearer tok"], server.Authorizations);
    }

    [Fact]
    public void Options_name_the_bad_field()
    {
        Assert.Contains("Username and Password go together", Assert.Throws<QuarryException>(() =>
            RestTrackingStoreOptions.FromEnvironment("http://h:1", k => k == "MLFLOW_TRACKING_USERNAME" ? "u" : null)).Message, StringComparison.Ordinal);
        Assert.Contains("not an http", Assert.Throws<QuarryException>(() => RestTrackingStoreOptions.FromEnvironment("ftp://h")).Message, StringComparison.Ordinal);
        Assert.Contains("MLFLOW_HTTP_REQUEST_MAX_RETRIES", Assert.Throws<QuarryException>(() =>
            RestTrackingStoreOptions.FromEnvironment("http://h:1", k => k == "MLFLOW_HTTP_REQUEST_MAX_RETRIES" ? "many" : null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Int64_strings_from_a_Go_style_server_are_read()
    {
        await using var server = await ScriptedServer.StartAsync((200, """
            {"run": {"info": {"run_id": "abc", "experiment_id": "1", "status": "RUNNING", "start_time": "1718000000000", "lifecycle_stage": "active"},
                     "data": {"metrics": [{"key": "m", "value": "NaN", "timestamp": "5", "step": "2"}]}}}
            """));
        using var store = Store(server.Address);
        var run = await store.GetRunAsync("abc");
        Assert.Equal(1718000000000, run.Info.StartTime);
        var metric = Assert.Single(run.Data.LatestMetrics);
        Assert.True(double.IsNaN(metric.Value));
        Assert.Equal((5L, 2L), (metric.Timestamp, metric.Step));
        Assert.Empty(run.Data.Params);
    }
}
