namespace Quarry.Server.Tests.Support;

/// <summary>One real server (fresh SQLite file) shared by a test class; tests keep apart through unique names.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    RunningServer? _server;

    public RunningServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
