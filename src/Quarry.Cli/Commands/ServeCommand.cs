using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Quarry.Core;
using Quarry.Server;
using Quarry.Server.Auth;
using Quarry.Storage;

namespace Quarry.Cli.Commands;

/// <summary><c>quarry serve</c>: the MLflow-compatible tracking server over a SQLite file or PostgreSQL.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServerOptions();
        var store = new Option<string>("--store") { Description = $"tracking store: sqlite:PATH or postgresql://user@host:port/db (default: {defaults.Store})" };
        var artifacts = new Option<string>("--artifacts") { Description = $"artifact root served for mlflow-artifacts:/ URIs (default: {defaults.ArtifactsRoot})" };
        var host = new Option<string>("--host") { Description = "address to listen on (default: 127.0.0.1, loopback only; 0.0.0.0 for every interface)" };
        var port = new Option<int>("--port") { Description = "port to listen on (default: 5000; 0 picks a free one)", DefaultValueFactory = _ => defaults.Port };
        var data = new Option<string>("--data") { Description = $"folder of market-data files the backtest launcher offers as symbols (default: {DefaultData} when it exists)" };
        var authFile = new Option<string>("--auth-file")
        {
            Description = $"require credentials: a file of 'user:password' (HTTP Basic) and 'token:VALUE' (bearer) lines, '#' comments; " +
                          $"bearer tokens also come from ${ServerAuth.TokensVariable} (comma-separated). /health, /healthz, /version stay open",
        };
        var command = new Command("serve", """
            Run the tracking server: MLflow's REST API under /api/2.0/mlflow/ and /ajax-api/2.0/mlflow/, so unmodified
            MLflow clients (MLFLOW_TRACKING_URI=http://HOST:PORT) log to it, plus /health and /healthz. Stops on Ctrl-C.

            Examples:
              quarry serve
              quarry serve --store sqlite:research/tracking.db --artifacts research/artifacts --port 5001
              quarry serve --store postgresql://quarry@db:5432/tracking --host 0.0.0.0 --port 5000 --auth-file team.auth
            """);
        foreach (var option in new Option[] { store, artifacts, host, port, data, authFile }) command.Options.Add(option);
        command.SetAction((parse, cancellation) =>
        {
            var options = defaults with
            {
                Store = NonEmpty(parse.GetValue(store)) ?? defaults.Store,
                ArtifactsRoot = Path.GetFullPath(NonEmpty(parse.GetValue(artifacts)) ?? defaults.ArtifactsRoot),
                Host = NonEmpty(parse.GetValue(host)) ?? defaults.Host,
                Port = parse.GetValue(port),
                DataRoot = DataRoot(NonEmpty(parse.GetValue(data))),
                Auth = ServerAuth.Resolve(NonEmpty(parse.GetValue(authFile)), Environment.GetEnvironmentVariable(ServerAuth.TokensVariable)),
            };
            if (options.Port is < 0 or > 65535)
                throw new QuarryException(ErrorCode.InvalidParameter, $"--port {options.Port} is not a TCP port (fix: 1..65535, or 0 for a free one).");
            var location = StoreLocation.Parse(options.Store);
            if (location.SqlitePath is { } file) Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            Directory.CreateDirectory(options.ArtifactsRoot);
            var app = Start(options, cancellation);
            try
            {
                Console.WriteLine($"quarry serve: listening on {string.Join(", ", app.Urls)} (store {location.Display}, artifacts {options.ArtifactsRoot}, data {options.DataRoot ?? "none"}, {AuthSummary(options.Auth)}); Ctrl-C stops");
                app.WaitForShutdownAsync(cancellation).GetAwaiter().GetResult();
            }
            finally
            {
                app.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            Console.WriteLine("quarry serve: stopped");
            return Cli.Ok;
        });
        return command;
    }

    static WebApplication Start(ServerOptions options, CancellationToken cancellation)
    {
        try
        {
            return QuarryServer.StartAsync(options, cancellation).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Cannot listen on {options.Host}:{options.Port}: {e.Message} (fix: choose another --port, or stop what uses it).", e);
        }
    }

    const string DefaultData = "samples/data";

    static string? DataRoot(string? given)
    {
        if (given is null) return Directory.Exists(DefaultData) ? Path.GetFullPath(DefaultData) : null;
        return Directory.Exists(given) ? Path.GetFullPath(given)
            : throw new QuarryException(ErrorCode.InvalidParameter, $"--data {given}: no such folder (fix: a folder of CSV/Parquet files, e.g. samples/data).");
    }

    static string AuthSummary(AuthOptions? auth) =>
        auth is null ? "no authentication" : $"authentication: {auth.Users.Count} users, {auth.Tokens.Count} tokens";

    static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
