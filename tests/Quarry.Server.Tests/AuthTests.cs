using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

public class AuthTests
{
    const string User = "alice", Password = "s3cret:with:colons", Token = "tok-0123456789";

    static Task<RunningServer> StartProtected() => RunningServer.StartAsync(o => o with
    {
        Auth = new AuthOptions(new Dictionary<string, string> { [User] = Password, ["bob"] = "other" }, [Token, "second-token"]),
    });

    static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>One request per route group, each answering 200 once authenticated.</summary>
    public static TheoryData<string, string> RouteGroups => new()
    {
        { "GET", "api/2.0/mlflow/experiments/search?max_results=5" },
        { "GET", "ajax-api/2.0/mlflow/experiments/search?max_results=5" },
        { "GET", "api/2.0/mlflow-artifacts/artifacts" },
        { "PUT", "api/2.0/mlflow-artifacts/artifacts/auth/probe.txt" },
        { "GET", "ajax-api/2.0/mlflow-artifacts/artifacts?path=auth" },
        { "GET", "api/quarry/status" },
        { "GET", "api/quarry/leaderboard?metric=sharpe" },
        { "GET", "api/quarry/openapi.json" },
        { "GET", "api/2.0/mlflow/registered-models/search" },
        { "GET", "ajax-api/2.0/mlflow/model-versions/search" },
    };

    static async Task<HttpResponseMessage> Send(RunningServer server, string method, string url, AuthenticationHeaderValue? auth)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "PUT") request.Content = new ByteArrayContent([1, 2, 3]);
        request.Headers.Authorization = auth;
        return await server.Http.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(RouteGroups))]
    public async Task Every_route_group_is_401_without_credentials_and_200_with_Basic_or_bearer(string method, string url)
    {
        await using var server = await StartProtected();

        var denied = await Send(server, method, url, null);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("Basic realm=\"quarry\"", denied.Headers.WwwAuthenticate.Single().ToString());
        using (var error = JsonDocument.Parse(await denied.Content.ReadAsStringAsync()))
        {
            Assert.Equal("UNAUTHENTICATED", error.RootElement.GetProperty("error_code").GetString());
            Assert.Contains("MLFLOW_TRACKING_TOKEN", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Path.Combine(server.Directory, "artifacts", "auth", "probe.txt")));

        var basic = await Send(server, method, url, Basic(User, Password));
        Assert.True(basic.StatusCode == HttpStatusCode.OK, $"Basic: {(int)basic.StatusCode} {await basic.Content.ReadAsStringAsync()}");
        var bearer = await Send(server, method, url, new AuthenticationHeaderValue("Bearer", Token));
        Assert.True(bearer.StatusCode == HttpStatusCode.OK, $"Bearer: {(int)bearer.StatusCode} {await bearer.Content.ReadAsStringAsync()}");
    }

    public static TheoryData<string, AuthenticationHeaderValue> WrongCredentials => new()
    {
        { "wrong password", Basic(User, "s3cret") },
        { "password of another user", Basic(User, "other") },
        { "unknown user", Basic("mallory", Password) },
        { "empty password", Basic(User, "") },
        { "wrong token", new AuthenticationHeaderValue("Bearer", "tok-0123456788") },
        { "token prefix", new AuthenticationHeaderValue("Bearer", "tok-") },
        { "password as token", new AuthenticationHeaderValue("Bearer", Password) },
        { "not base64", new AuthenticationHeaderValue("Basic", "%%%") },
        { "no colon", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(User))) },
        { "other scheme", new AuthenticationHeaderValue("Digest", "username=alice") },
    };

    [Theory]
    [MemberData(nameof(WrongCredentials))]
    public async Task Wrong_credentials_are_401(string why, AuthenticationHeaderValue auth)
    {
        await using var server = await StartProtected();
        var response = await Send(server, "GET", "api/2.0/mlflow/experiments/search?max_results=5", auth);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("UNAUTHENTICATED", error.RootElement.GetProperty("error_code").GetString());
        Assert.DoesNotContain(Password, error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("healthz")]
    [InlineData("version")]
    public async Task Health_endpoints_stay_open(string path)
    {
        await using var server = await StartProtected();
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_do_not_reveal_themselves_without_credentials()
    {
        await using var server = await StartProtected();
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetAsync("api/2.0/mlflow/no-such-thing")).StatusCode);
        var authenticated = await Send(server, "GET", "api/2.0/mlflow/no-such-thing", Basic("bob", "other"));
        Assert.Equal(HttpStatusCode.NotFound, authenticated.StatusCode);
    }

    [Fact]
    public async Task A_server_without_auth_options_stays_open()
    {
        await using var server = await RunningServer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("api/2.0/mlflow/experiments/search?max_results=5")).StatusCode);
    }
}
