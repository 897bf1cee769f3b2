using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Quarry.Server.Tests.Support;

/// <summary>A real Quarry server on a free loopback port over a fresh SQLite file (or the given store), with an HttpClient.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly string _dir;

    RunningServer(WebApplication app, string dir, Uri baseAddress)
    {
        _app = app;
        _dir = dir;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client pointed at <see cref="BaseAddress"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>A temporary directory owned by this server (artifact root, store file).</summary>
    public string Directory => _dir;

    public static async Task<RunningServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "quarry-server-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var options = new ServerOptions
        {
            Store = "sqlite:" + Path.Combine(dir, "tracking.db"),
            ArtifactsRoot = Path.Combine(dir, "artifacts"),
            Port = 0,
        };
        options = configure?.Invoke(options) ?? options;
        var app = await QuarryServer.StartAsync(options);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServer(app, dir, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { System.IO.Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
