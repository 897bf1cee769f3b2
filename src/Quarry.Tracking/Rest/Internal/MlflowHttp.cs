using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Quarry.Core;

namespace Quarry.Tracking.Rest.Internal;

/// <summary>
/// One pooled HTTP connection set to an MLflow server: JSON requests with authentication, retries with exponential
/// backoff on transient failures (safe: MLflow's writes are idempotent), and MLflow error bodies turned back into
/// <see cref="QuarryException"/>s. Thread-safe.
/// </summary>
internal sealed class MlflowHttp : IDisposable
{
    readonly HttpClient _client;
    readonly RestTrackingStoreOptions _options;
    readonly TimeProvider _time;

    public MlflowHttp(RestTrackingStoreOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 64,
            AutomaticDecompression = DecompressionMethods.All,
        };
        _client = new HttpClient(handler) { BaseAddress = new Uri(options.TrackingUri.ToString().TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        if (options.Token is { } token) _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (options.Username is { } user)
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
    }

    /// <summary>The prefix of Quarry's own API (questions MLflow's protocol cannot answer, such as stage-transition history).</summary>
    public const string QuarryApiPrefix = "api/quarry/";

    /// <summary>The prefix of Quarry's tracking extensions (operations MLflow's protocol lacks, such as purges).</summary>
    public const string QuarryTrackingPrefix = QuarryApiPrefix + "tracking/";

    /// <summary>POSTs the JSON object written by <paramref name="body"/> to <c>api/2.0/mlflow/{path}</c>; returns the parsed response.</summary>
    public Task<JsonDocument> PostAsync(string path, Action<Utf8JsonWriter> body, CancellationToken ct) =>
        SendJsonAsync(HttpMethod.Post, path, body, ct);

    /// <summary>
    /// Sends <paramref name="method"/> (POST, PATCH, GET, or DELETE, which carries a JSON body in MLflow's protocol) to
    /// <c>api/2.0/mlflow/{path}</c> (already escaped) with the JSON object written by <paramref name="body"/>, or no body
    /// when null; returns the parsed response.
    /// </summary>
    public Task<JsonDocument> SendJsonAsync(HttpMethod method, string path, Action<Utf8JsonWriter>? body, CancellationToken ct) =>
        SendAsync(method, "api/2.0/mlflow/" + path, body is null ? null : Serialize(body), ct);

    /// <summary>POSTs to Quarry's extension <c>api/quarry/tracking/{path}</c>; a server without it (MLflow) is an InvalidState error saying so.</summary>
    public async Task PostQuarryAsync(string path, Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        using var _ = await QuarryAsync(HttpMethod.Post, QuarryTrackingPrefix + path, Serialize(body),
            "only a Quarry server can purge over REST (fix: use `mlflow gc` on an MLflow server)", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// GETs Quarry's API <c>api/quarry/{path}?{query}</c> (query values escaped here, <paramref name="path"/> already
    /// escaped); a server without it (MLflow) is an InvalidState error ending with <paramref name="unsupported"/>, which
    /// says what only a Quarry server offers and the fix.
    /// </summary>
    public Task<JsonDocument> GetQuarryAsync(string path, string unsupported, CancellationToken ct, params (string Name, string? Value)[] query) =>
        QuarryAsync(HttpMethod.Get, WithQuery(QuarryApiPrefix + path, query), null, unsupported, ct);

    async Task<JsonDocument> QuarryAsync(HttpMethod method, string url, ReadOnlyMemory<byte>? body, string unsupported, CancellationToken ct)
    {
        try
        {
            return await SendAsync(method, url, body, ct).ConfigureAwait(false);
        }
        catch (QuarryException e) when (e.Data[MlflowCodeKey] is "ENDPOINT_NOT_FOUND")
        {
            int query = url.IndexOf('?', StringComparison.Ordinal);
            throw new QuarryException(ErrorCode.InvalidState,
                $"The tracking server at {_options.TrackingUri} does not offer {(query < 0 ? url : url[..query])}: {unsupported}.", e);
        }
    }

    /// <summary>The key of <see cref="Exception.Data"/> holding the MLflow error code of a failed request.</summary>
    public const string MlflowCodeKey = "mlflow_error_code";

    static ReadOnlyMemory<byte> Serialize(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>GETs <c>api/2.0/mlflow/{path}?{query}</c> (values escaped here; null values left out); returns the parsed response.</summary>
    public Task<JsonDocument> GetAsync(string path, CancellationToken ct, params (string Name, string? Value)[] query) =>
        SendAsync(HttpMethod.Get, WithQuery("api/2.0/mlflow/" + path, query), null, ct);

    static string WithQuery(string path, (string Name, string? Value)[] query)
    {
        var url = new StringBuilder(path);
        char separator = '?';
        foreach (var (name, value) in query)
        {
            if (value is null) continue;
            url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return url.ToString();
    }

    async Task<JsonDocument> SendAsync(HttpMethod method, string url, ReadOnlyMemory<byte>? body, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is { } bytes)
            {
                request.Content = new ReadOnlyMemoryContent(bytes);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
            {
                if (attempt < _options.MaxRetries) { await BackoffAsync(attempt, ct).ConfigureAwait(false); continue; }
                throw new QuarryException(ErrorCode.InvalidState,
                    $"Cannot reach the tracking server at {_options.TrackingUri} ({method} {url}) after {attempt + 1} attempts: {e.Message} " +
                    "(fix: start it, e.g. `quarry serve`, or check the tracking URI).", e);
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                        return await ParseAsync(stream, url, ct).ConfigureAwait(false);
                }
                if (IsRetryable(response.StatusCode) && attempt < _options.MaxRetries)
                {
                    await BackoffAsync(attempt, ct).ConfigureAwait(false);
                    continue;
                }
                throw await ErrorAsync(response, method, url, ct).ConfigureAwait(false);
            }
        }
    }

    static bool IsRetryable(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    Task BackoffAsync(int attempt, CancellationToken ct)
    {
        double ms = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt));
        return Task.Delay(TimeSpan.FromMilliseconds(ms), _time, ct);
    }

    static async Task<JsonDocument> ParseAsync(Stream stream, string url, CancellationToken ct)
    {
        try
        {
            return await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new QuarryException(ErrorCode.InvalidData, $"The tracking server answered {url} with invalid JSON: {e.Message}", e);
        }
    }

    /// <summary>An MLflow error body as the Quarry error it stands for (using <c>quarry_code</c> when present).</summary>
    internal static async Task<QuarryException> ErrorAsync(HttpResponseMessage response, HttpMethod method, string url, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_code", out var codeElement))
            {
                string? code = codeElement.ValueKind == JsonValueKind.Number && codeElement.TryGetInt64(out long n)
                    ? MlflowErrors.CodeName(n) : codeElement.ValueKind == JsonValueKind.String ? codeElement.GetString() : null;
                string message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : $"{code} ({status})";
                string? quarry = root.TryGetProperty(MlflowErrors.QuarryCodeKey, out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
                return WithCode(new QuarryException(MlflowErrors.FromMlflow(code, quarry), message), code);
            }
        }
        catch (JsonException)
        {
            // Not MLflow's error body (a proxy's HTML page, say): reported generically below.
        }
        var code2 = status == 404 ? ErrorCode.NotFound : status is >= 400 and < 500 ? ErrorCode.InvalidParameter : ErrorCode.InvalidState;
        return WithCode(new QuarryException(code2, $"API request to endpoint {method} {url} failed with error code {status} != 200. Response body: '{Shorten(text)}'"),
            status == 404 ? "ENDPOINT_NOT_FOUND" : null);
    }

    static QuarryException WithCode(QuarryException e, string? mlflowCode)
    {
        if (mlflowCode is not null) e.Data[MlflowCodeKey] = mlflowCode;
        return e;
    }

    static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";

    public void Dispose() => _client.Dispose();
}
