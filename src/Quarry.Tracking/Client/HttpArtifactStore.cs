using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Client.Internal;
using Quarry.Tracking.Rest;
using Quarry.Tracking.Rest.Internal;

namespace Quarry.Tracking.Client;

/// <summary>
/// <see cref="IArtifactStore"/> over a tracking server's artifact proxy (MLflow's <c>mlflow-artifacts</c> API under
/// <c>/api/2.0/mlflow-artifacts/artifacts</c>): streamed <c>PUT</c> uploads and <c>GET</c> downloads, listings and
/// deletes, with the credentials, timeouts and retries of <see cref="RestTrackingStoreOptions"/> (an upload is
/// retried only when its stream can be rewound). Paths are validated with <see cref="ArtifactPath"/> before anything
/// is sent. Thread-safe; dispose it to close its connections.
/// </summary>
public sealed class HttpArtifactStore : IArtifactStore, IDisposable
{
    const string Prefix = "api/2.0/mlflow-artifacts/artifacts";
    readonly HttpClient _client;
    readonly RestTrackingStoreOptions _options;

    /// <summary>A store talking to the server of <paramref name="options"/>.</summary>
    public HttpArtifactStore(RestTrackingStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri(options.TrackingUri.ToString().TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.Authorization = options.Token is { } token ? new AuthenticationHeaderValue("Bearer", token)
            : options.Username is { } user ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")))
            : null;
    }

    /// <inheritdoc />
    public async Task<ArtifactContent> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string relative = ArtifactPath.ValidateNonRoot(path);
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(relative)), HttpCompletionOption.ResponseHeadersRead,
            canRetry: true, rewind: null, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new QuarryException(ErrorCode.NotFound, $"Artifact '{relative}' not found on {_options.TrackingUri}.");
            await ThrowIfFailedAsync(response, HttpMethod.Get, relative, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            long length = response.Content.Headers.ContentLength ?? -1;
            var modified = response.Content.Headers.LastModified ?? DateTimeOffset.UtcNow;
            return new ArtifactContent(new ResponseStream(stream, response), Math.Max(length, 0), modified);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<long> WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string relative = ArtifactPath.ValidateNonRoot(path);
        long? start = content.CanSeek ? content.Position : null;
        long length = content.CanSeek ? content.Length - content.Position : -1;
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url(relative)) { Content = new StreamContent(new NonClosingStream(content), 64 * 1024) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, HttpCompletionOption.ResponseContentRead, canRetry: start is not null, start is { } s ? () => content.Position = s : null, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, HttpMethod.Put, relative, cancellationToken).ConfigureAwait(false);
        return length >= 0 ? length : content.Position;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ArtifactFileInfo>> ListAsync(string? directory, CancellationToken cancellationToken = default)
    {
        string relative = ArtifactPath.Validate(directory);
        var url = relative.Length == 0 ? Prefix : $"{Prefix}?path={Uri.EscapeDataString(relative)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseContentRead,
            canRetry: true, rewind: null, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, HttpMethod.Get, relative, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var entries = new List<ArtifactFileInfo>();
        if (json.RootElement.TryGetProperty("files", out var files))
            foreach (var file in files.EnumerateArray())
            {
                // The proxy's FileInfo.path is the base name only (spec §4).
                string name = file.GetProperty("path").GetString() ?? "";
                bool isDir = file.TryGetProperty("is_dir", out var d) && d.GetBoolean();
                long? size = file.TryGetProperty("file_size", out var f) ? Int64(f) : null;
                entries.Add(new ArtifactFileInfo(ArtifactPath.Combine(relative, ArtifactPath.Name(name)), isDir, isDir ? null : size ?? 0));
            }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        string relative = ArtifactPath.ValidateNonRoot(path);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, Url(relative)), HttpCompletionOption.ResponseContentRead,
            canRetry: true, rewind: null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await ThrowIfFailedAsync(response, HttpMethod.Delete, relative, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _client.Dispose();

    static string Url(string relative) => Prefix + "/" + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));

    static long? Int64(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetInt64() : long.TryParse(e.GetString(), out long n) ? n : null;

    /// <summary>
    /// Sends with retries on connection errors and HTTP 408/429/5xx when <paramref name="canRetry"/> (an upload only when
    /// <paramref name="rewind"/> can reset its body).
    /// </summary>
    async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, HttpCompletionOption completion, bool canRetry, Action? rewind,
        CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var request = build();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            bool last = !canRetry || attempt >= _options.MaxRetries;
            try
            {
                var response = await _client.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
                if (last || (int)response.StatusCode is not (408 or 429 or 500 or 502 or 503 or 504)) return response;
                response.Dispose();
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
            {
                if (last)
                    throw new QuarryException(ErrorCode.InvalidState,
                        $"Cannot reach the artifact proxy at {_options.TrackingUri} ({request.Method} {request.RequestUri}) after {attempt + 1} attempt(s): " +
                        $"{e.Message} (fix: start the server, e.g. `quarry serve`, or check the tracking URI).", e);
            }
            rewind?.Invoke();
            double ms = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt));
            await Task.Delay(TimeSpan.FromMilliseconds(ms), ct).ConfigureAwait(false);
        }
    }

    static async Task ThrowIfFailedAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        throw await MlflowHttp.ErrorAsync(response, method, $"{Prefix}/{path}", ct).ConfigureAwait(false);
    }

    /// <summary>A response body that disposes its response with it.</summary>
    sealed class ResponseStream(Stream inner, HttpResponseMessage response) : WrappingStream(inner)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) response.Dispose();
        }
    }

    /// <summary>The caller's upload stream, left open when the request content is disposed (the caller owns it).</summary>
    sealed class NonClosingStream(Stream inner) : WrappingStream(inner)
    {
        protected override void Dispose(bool disposing) { }
    }
}
