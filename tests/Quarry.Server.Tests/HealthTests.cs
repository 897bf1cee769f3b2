using System.Net;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

public class HealthTests
{
    [Fact]
    public async Task Health_answers_OK_over_loopback()
    {
        await using var server = await RunningServer.StartAsync();
        var response = await server.Http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_route_is_a_JSON_ENDPOINT_NOT_FOUND()
    {
        await using var server = await RunningServer.StartAsync();
        var response = await server.Http.GetAsync("api/2.0/mlflow/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ENDPOINT_NOT_FOUND", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("/api/2.0/mlflow/no-such-thing", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Known_route_with_the_wrong_method_is_a_405_with_Allow()
    {
        await using var server = await RunningServer.StartAsync();
        var response = await server.Http.GetAsync("api/2.0/mlflow/runs/create");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("METHOD_NOT_ALLOWED", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("use POST", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var parameterised = await server.Http.PostAsync("api/2.0/mlflow-artifacts/artifacts/0/x.txt", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, parameterised.StatusCode);
        Assert.Contains("PUT", parameterised.Content.Headers.Allow);
        Assert.Contains("GET", parameterised.Content.Headers.Allow);
    }
}
