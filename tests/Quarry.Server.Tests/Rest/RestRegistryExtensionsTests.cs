using Quarry.Server.Tests.Support;
using Quarry.Tracking.Client;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Tests.Rest;

/// <summary>
/// What <see cref="RestModelRegistryStore"/> adds to MLflow's registry protocol against a real Quarry server: who a
/// write is recorded as (the caller's <c>user_id</c> on an open server, the authenticated user otherwise), and the
/// transition history through Quarry's API; plus <see cref="TrackingStores.OpenRegistry"/> choosing REST for a URL.
/// </summary>
public sealed class RestRegistryExtensionsTests
{
    [Fact]
    public async Task An_authenticated_caller_is_recorded_whatever_user_id_the_client_sends()
    {
        await using var server = await RunningServer.StartAsync(o => o with
        {
            Auth = new AuthOptions(new Dictionary<string, string> { ["carol"] = "s3cret" }, []),
        });
        using var registry = new RestModelRegistryStore(new RestTrackingStoreOptions
        {
            TrackingUri = server.BaseAddress, Username = "carol", Password = "s3cret",
        });
        string name = $"auth-{Guid.NewGuid():N}";
        Assert.Equal("carol", (await registry.CreateRegisteredModelAsync(name, userId: "mallory")).UserId);
        Assert.Equal("carol", (await registry.CreateModelVersionAsync(name, "runs:/r/model", userId: "mallory")).UserId);
        await registry.TransitionStageAsync(name, "1", ModelStage.Staging, false, "mallory");
        Assert.Equal("carol", Assert.Single(await registry.GetTransitionHistoryAsync(name)).UserId);
    }

    [Theory]
    [InlineData("desk/fx carry")]
    [InlineData("100%25 é?&#")]
    [InlineData("a%2Fb")]
    public async Task Names_that_need_escaping_round_trip_including_the_history_path(string suffix)
    {
        await using var server = await RunningServer.StartAsync();
        using var registry = new RestModelRegistryStore(new RestTrackingStoreOptions { TrackingUri = server.BaseAddress });
        string name = $"{Guid.NewGuid():N} {suffix}";
        await registry.CreateRegisteredModelAsync(name);
        await registry.CreateModelVersionAsync(name, "runs:/r/model");
        await registry.TransitionStageAsync(name, "1", ModelStage.Staging, false, "erin");
        Assert.Equal(name, (await registry.GetModelVersionAsync(name, "1")).Name);
        var moved = Assert.Single(await registry.GetTransitionHistoryAsync(name, "1"));
        Assert.Equal((name, "1", ModelStage.Staging, "erin"), (moved.Name, moved.Version, moved.ToStage, moved.UserId));
    }

    [Fact]
    public async Task OpenRegistry_on_a_server_URL_talks_REST_and_sees_what_the_server_stores()
    {
        await using var server = await RunningServer.StartAsync();
        string name = $"open-{Guid.NewGuid():N}";
        var registry = TrackingStores.OpenRegistry(server.BaseAddress.ToString());
        try
        {
            Assert.IsType<RestModelRegistryStore>(registry);
            await registry.CreateRegisteredModelAsync(name, description: "over HTTP");
            await registry.CreateModelVersionAsync(name, "runs:/r/model");
            await registry.TransitionStageAsync(name, "1", ModelStage.Production, archiveExistingVersions: true, "dave");
        }
        finally { ((IDisposable)registry).Dispose(); }

        // The server's own database holds it: read it back through the Quarry API and MLflow's JSON directly.
        var history = await server.Http.GetStringAsync($"api/quarry/models/{name}/transitions");
        Assert.Contains("\"to_stage\":\"Production\"", history, StringComparison.Ordinal);
        Assert.Contains("\"user_id\":\"dave\"", history, StringComparison.Ordinal);
        var model = await server.Http.GetStringAsync($"api/2.0/mlflow/registered-models/get?name={name}");
        Assert.Contains("\"description\":\"over HTTP\"", model, StringComparison.Ordinal);
    }
}
