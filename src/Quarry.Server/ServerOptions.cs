namespace Quarry.Server;

/// <summary>How <c>quarry serve</c> runs: where the data lives, where it listens, who may call it.</summary>
public sealed record ServerOptions
{
    /// <summary>The tracking store location (<c>sqlite:PATH</c> or <c>postgresql://…</c>); it also holds the model registry.</summary>
    public string Store { get; init; } = "sqlite:.quarry/tracking.db";

    /// <summary>The artifact root served by the artifact proxy (<c>mlflow-artifacts:/</c> URIs resolve under it).</summary>
    public string ArtifactsRoot { get; init; } = ".quarry/artifacts";

    /// <summary>
    /// Where the optimization studies live (<c>sqlite:PATH</c> or <c>postgresql://…</c>), shown under <c>/studies</c>; null
    /// (the default) reads them from <see cref="Store"/>, where <c>quarry optimize --storage</c> puts them when given the
    /// tracking database.
    /// </summary>
    public string? Studies { get; init; }

    /// <summary>The address to listen on; loopback unless asked otherwise.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Authentication; null leaves the server open.</summary>
    public AuthOptions? Auth { get; init; }

    /// <summary>
    /// The folder of market-data files (CSV, TXT, Parquet) the backtest launcher may use, each listed as a symbol (its
    /// file name without the extension); null offers none. Requests can name only what is listed there.
    /// </summary>
    public string? DataRoot { get; init; }

    /// <summary>How many launched backtests run at once (default 2); the others wait in a queue.</summary>
    public int MaxConcurrentBacktests { get; init; } = 2;

    /// <summary>The clock that stamps every write (run start times, registry timestamps); the system clock unless a test fixes it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Credentials the server accepts when authentication is enabled: HTTP Basic users (what MLflow clients send from
/// <c>MLFLOW_TRACKING_USERNAME</c>/<c>PASSWORD</c>) and bearer tokens (<c>MLFLOW_TRACKING_TOKEN</c>). Everything
/// except the health endpoints is denied without one of them.
/// </summary>
/// <param name="Users">User name → password.</param>
/// <param name="Tokens">Accepted bearer tokens.</param>
public sealed record AuthOptions(IReadOnlyDictionary<string, string> Users, IReadOnlyList<string> Tokens);
