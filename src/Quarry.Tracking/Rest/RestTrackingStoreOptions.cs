using Quarry.Core;

namespace Quarry.Tracking.Rest;

/// <summary>
/// How <see cref="RestTrackingStore"/> reaches an MLflow-compatible tracking server: its address, credentials (HTTP
/// Basic or a bearer token, as MLflow's <c>MLFLOW_TRACKING_USERNAME</c> / <c>PASSWORD</c> / <c>TOKEN</c>) and the retry
/// policy for transient failures (HTTP 408, 429, 500, 502, 503, 504 and connection errors), as MLflow's client does.
/// </summary>
public sealed record RestTrackingStoreOptions
{
    /// <summary>The server's root, e.g. <c>http://127.0.0.1:5000</c> (MLflow's tracking URI); API paths are appended.</summary>
    public required Uri TrackingUri { get; init; }

    /// <summary>HTTP Basic user name; used with <see cref="Password"/>. Null for none.</summary>
    public string? Username { get; init; }

    /// <summary>HTTP Basic password.</summary>
    public string? Password { get; init; }

    /// <summary>Bearer token (<c>Authorization: Bearer …</c>); takes precedence over Basic credentials. Null for none.</summary>
    public string? Token { get; init; }

    /// <summary>How many times a failed request is retried (0 = never); MLflow's client defaults to 7.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The wait before the first retry; each further retry waits twice as long, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The time limit of one attempt (MLflow's <c>MLFLOW_HTTP_REQUEST_TIMEOUT</c>, 120 s by default).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Options for <paramref name="trackingUri"/> with credentials and retry settings from MLflow's environment variables
    /// (<c>MLFLOW_TRACKING_USERNAME</c>, <c>MLFLOW_TRACKING_PASSWORD</c>, <c>MLFLOW_TRACKING_TOKEN</c>,
    /// <c>MLFLOW_HTTP_REQUEST_MAX_RETRIES</c>, <c>MLFLOW_HTTP_REQUEST_TIMEOUT</c> in seconds), read through
    /// <paramref name="environment"/> (default: the process environment).
    /// </summary>
    public static RestTrackingStoreOptions FromEnvironment(string trackingUri, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new RestTrackingStoreOptions
        {
            TrackingUri = ParseUri(trackingUri),
            Username = NonEmpty(environment("MLFLOW_TRACKING_USERNAME")),
            Password = NonEmpty(environment("MLFLOW_TRACKING_PASSWORD")),
            Token = NonEmpty(environment("MLFLOW_TRACKING_TOKEN")),
        };
        if (NonEmpty(environment("MLFLOW_HTTP_REQUEST_MAX_RETRIES")) is { } retries)
            options = options with { MaxRetries = int.TryParse(retries, out int n) ? n : throw Bad("MLFLOW_HTTP_REQUEST_MAX_RETRIES", retries) };
        if (NonEmpty(environment("MLFLOW_HTTP_REQUEST_TIMEOUT")) is { } timeout)
            options = options with
            {
                RequestTimeout = double.TryParse(timeout, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0
                    ? TimeSpan.FromSeconds(s) : throw Bad("MLFLOW_HTTP_REQUEST_TIMEOUT", timeout),
            };
        options.Validate();
        return options;
    }

    /// <summary>Checks every field, naming the bad one.</summary>
    public void Validate()
    {
        if (TrackingUri is null || !TrackingUri.IsAbsoluteUri || (TrackingUri.Scheme != Uri.UriSchemeHttp && TrackingUri.Scheme != Uri.UriSchemeHttps))
            throw new QuarryException(ErrorCode.InvalidParameter, $"TrackingUri '{TrackingUri}' is not an http:// or https:// URL (fix: e.g. http://127.0.0.1:5000).");
        if (Username is not null != Password is not null)
            throw new QuarryException(ErrorCode.InvalidParameter, "Username and Password go together (fix: set both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or neither).");
        if (MaxRetries < 0) throw new QuarryException(ErrorCode.InvalidParameter, $"MaxRetries is {MaxRetries} (fix: 0 or more).");
        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff)
            throw new QuarryException(ErrorCode.InvalidParameter, $"InitialBackoff {InitialBackoff} / MaxBackoff {MaxBackoff} (fix: 0 ≤ InitialBackoff ≤ MaxBackoff).");
        if (RequestTimeout <= TimeSpan.Zero) throw new QuarryException(ErrorCode.InvalidParameter, $"RequestTimeout is {RequestTimeout} (fix: a positive duration).");
    }

    static Uri ParseUri(string text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) ? uri
        : throw new QuarryException(ErrorCode.InvalidParameter, $"Tracking URI '{text}' is not a URL (fix: e.g. http://127.0.0.1:5000).");

    static QuarryException Bad(string variable, string value) =>
        new(ErrorCode.InvalidParameter, $"${variable} is '{value}', not a number (fix: unset it or give a number).");

    static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
