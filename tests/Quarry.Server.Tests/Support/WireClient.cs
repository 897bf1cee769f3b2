using System.Net;
using System.Text;
using System.Text.Json;

namespace Quarry.Server.Tests.Support;

/// <summary>Raw JSON over HttpClient, the way a third-party MLflow client talks: strings in, parsed JSON and status out.</summary>
public sealed class WireClient(HttpClient http)
{
    public async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string json, string contentType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync(path, content);
        return (response.StatusCode, await Parse(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> Get(string pathAndQuery)
    {
        using var response = await http.GetAsync(pathAndQuery);
        return (response.StatusCode, await Parse(response));
    }

    /// <summary>Any method (PATCH, DELETE, …), with a JSON body when <paramref name="json"/> is given.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await Parse(response));
    }

    /// <summary>POST that must succeed; returns the body.</summary>
    public async Task<JsonElement> Ok(string path, string json)
    {
        var (status, body) = await Post(path, json);
        Assert.True(status == HttpStatusCode.OK, $"{path} → {(int)status}: {body}");
        return body;
    }

    /// <summary>GET that must succeed; returns the body.</summary>
    public async Task<JsonElement> OkGet(string pathAndQuery)
    {
        var (status, body) = await Get(pathAndQuery);
        Assert.True(status == HttpStatusCode.OK, $"{pathAndQuery} → {(int)status}: {body}");
        return body;
    }

    /// <summary>Asserts an MLflow error: status, error_code and a message fragment.</summary>
    public static void AssertError((HttpStatusCode Status, JsonElement Body) response, HttpStatusCode status, string code, string? fragment = null)
    {
        Assert.True(response.Status == status, $"expected {(int)status}, got {(int)response.Status}: {response.Body}");
        Assert.Equal(code, response.Body.GetProperty("error_code").GetString());
        if (fragment is not null) Assert.Contains(fragment, response.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    static async Task<JsonElement> Parse(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>A new experiment with a unique name; its id.</summary>
    public async Task<string> NewExperiment() =>
        (await Ok("api/2.0/mlflow/experiments/create", $$"""{"name": "wire-{{Guid.NewGuid():N}}"}""")).GetProperty("experiment_id").GetString()!;

    /// <summary>A new run in a new experiment; its id.</summary>
    public async Task<string> NewRun()
    {
        var exp = await NewExperiment();
        var body = await Ok("api/2.0/mlflow/runs/create", $$"""{"experiment_id": "{{exp}}", "start_time": 1000}""");
        return body.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    /// <summary>The run's JSON (runs/get).</summary>
    public async Task<JsonElement> Run(string runId) => (await OkGet($"api/2.0/mlflow/runs/get?run_id={runId}")).GetProperty("run");
}
