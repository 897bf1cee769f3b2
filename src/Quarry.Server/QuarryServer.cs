using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quarry.Server.Api;
using Quarry.Server.Artifacts;
using Quarry.Server.Auth;
using Quarry.Server.Dashboard;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Hosting;
using Quarry.Server.Jobs;
using Quarry.Server.Registry;
using Quarry.Server.Mlflow;
using Quarry.Backtesting.Strategies;
using Quarry.Tracking;
using Quarry.Tracking.Client;
using Quarry.Tracking.Artifacts;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Storage;

namespace Quarry.Server;

/// <summary>
/// The Quarry server: MLflow's tracking, artifact and registry REST API under <c>/api/2.0/mlflow/</c> and
/// <c>/ajax-api/2.0/mlflow/</c>, Quarry's own API under <c>/api/quarry/</c>, health endpoints, all over the same
/// stores the CLI and libraries use. A thin HTTP layer: every rule lives in the stores.
/// </summary>
public static class QuarryServer
{
    /// <summary>Builds the application (not started); the caller runs and disposes it.</summary>
    public static WebApplication Build(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Settings come from ServerOptions, not files. Reloading appsettings.json on change would watch the whole
            // working directory tree, and every write to a store under it (the default .quarry/tracking.db) would wake
            // the watcher thread: 12 % of the CPU of 10-param log-batches, measured.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(_ => TrackingDatabase.Open(options.Store, time: options.Time));
        builder.Services.AddSingleton<ITrackingStore>(s => s.GetRequiredService<TrackingDatabase>().Tracking);
        builder.Services.AddSingleton<IModelRegistryStore>(s => s.GetRequiredService<TrackingDatabase>().Registry);
        builder.Services.AddSingleton<Tracking.Models.ILoggedModelStore>(s => s.GetRequiredService<TrackingDatabase>().LoggedModels);
        builder.Services.AddSingleton<IArtifactStore>(_ => new LocalArtifactStore(options.ArtifactsRoot));
        builder.Services.AddSingleton<StoreHealth>();
        builder.Services.AddSingleton<RunQueries>();
        builder.Services.AddSingleton<AllowedMethods>();
        AddBacktestJobs(builder.Services, options);
        builder.Services.AddSingleton(_ => StudyQueries.Open(options.Studies ?? options.Store));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddQuarryAuth(options);

        var app = builder.Build();
        app.UseMiddleware<ErrorMiddleware>();
        app.UseQuarryAuth();
        app.UseArtifactTraversalGuard();
        app.MapHealth();
        app.MapMlflowTracking();
        app.MapArtifacts();
        app.MapQuarryApi();
        app.MapBacktests();
        app.MapMlflowRegistry();
        app.MapDashboard();
        // "{**path}", not the default "{*path:nonfile}": unknown paths that look like files get the JSON 404 (or 405) too.
        app.MapFallback("{**path}", ErrorMiddleware.EndpointNotFound);
        return app;
    }

    /// <summary>The backtest launcher: the data folder, the built-in strategies, and the job runner (a hosted service, stopped with the server).</summary>
    static void AddBacktestJobs(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(_ => new MarketDataFolder(options.DataRoot));
        services.AddSingleton<StrategyCatalog>();
        services.AddSingleton<BacktestRequestParser>();
        // The jobs' own client over the server's stores (which it does not own); disposed with the server.
        services.AddSingleton(s => new TrackingClient(s.GetRequiredService<ITrackingStore>(), time: s.GetRequiredService<TimeProvider>(),
            artifacts: s.GetRequiredService<IArtifactStore>()));
        services.AddSingleton(s => new BacktestJobRunner(
            new BacktestJobExecutor(s.GetRequiredService<TrackingClient>(), s.GetRequiredService<StrategyCatalog>(), s.GetRequiredService<TimeProvider>()),
            s.GetRequiredService<TimeProvider>(), options.MaxConcurrentBacktests));
        services.AddHostedService(s => s.GetRequiredService<BacktestJobRunner>());
    }

    /// <summary>Builds and starts the server; returns it with <see cref="WebApplication.Urls"/> bound (port 0 resolved).</summary>
    public static async Task<WebApplication> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        var app = Build(options);
        // Open the store before accepting requests so a bad location fails the start, not the first call.
        var database = app.Services.GetRequiredService<TrackingDatabase>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _ = WarmSearchIndexesAsync(database.Tracking, app.Logger, app.Lifetime.ApplicationStopping);
        return app;
    }

    /// <summary>
    /// Builds the runs search indexes of large experiments while the server already answers (their searches go to SQL
    /// until then), so that a first visit to a big experiment's runs page is not the one that waits.
    /// </summary>
    static async Task WarmSearchIndexesAsync(SqlTrackingStore store, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await Task.Yield();
            int built = await store.WarmLargeSearchIndexesAsync(stopping).ConfigureAwait(false);
            if (built > 0) logger.LogInformation("Runs search index built for {Count} large experiment(s).", built);
        }
        catch (Exception e) when (stopping.IsCancellationRequested || e is ObjectDisposedException)
        {
            // The server stopped (or its store closed) while the indexes were building.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Building the runs search indexes at start failed; searches build them as needed.");
        }
    }
}
