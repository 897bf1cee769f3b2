using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Quarry.Benchmarks.Tracking;

/// <summary>
/// Raw MLflow REST calls for the load benchmark, as cheap on the client side as an HTTP client gets (the client shares
/// the server's cores): bodies are UTF-8 bytes built by <see cref="RequestBodies"/>, responses are read as bytes and
/// only parsed where an id is needed. Any non-200 answer is a failure (an <see cref="HttpRequestException"/>).
/// </summary>
internal sealed class MlflowBenchClient(HttpClient http)
{
    static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<string> CreateExperimentAsync(string name)
    {
        var body = await PostAsync("experiments/create", Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}""")).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("experiment_id").GetString()!;
    }

    /// <summary>runs/create as mlflow-go's k6 script sends it (start time, one <c>mlflow.user</c> tag); returns the run id.</summary>
    public async Task<string> CreateRunAsync(byte[] body)
    {
        var response = await PostAsync("runs/create", body).ConfigureAwait(false);
        return RunIdOf(response);
    }

    /// <summary>The <c>run.info.run_id</c> of a runs/create response, found without parsing the whole run.</summary>
    static string RunIdOf(byte[] response)
    {
        var reader = new Utf8JsonReader(response);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("run_id"u8) && reader.Read())
                return reader.GetString()!;
        throw new HttpRequestException("runs/create answered without a run_id: " + Encoding.UTF8.GetString(response));
    }

    public async Task<byte[]> PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await http.PostAsync(path, content).ConfigureAwait(false);
        return await ReadAsync(response).ConfigureAwait(false);
    }

    public async Task<byte[]> GetAsync(string pathAndQuery)
    {
        using var response = await http.GetAsync(pathAndQuery).ConfigureAwait(false);
        return await ReadAsync(response).ConfigureAwait(false);
    }

    static async Task<byte[]> ReadAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: " +
                Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200)));
        return bytes;
    }
}
