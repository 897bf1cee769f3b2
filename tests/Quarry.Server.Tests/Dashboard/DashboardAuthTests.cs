using System.Net;

namespace Quarry.Server.Tests.Dashboard;

public sealed class DashboardAuthTests
{
    [Fact]
    public async Task With_authentication_configured_pages_and_assets_need_credentials_and_browsers_are_asked_for_them()
    {
        await using var server = await Quarry.Server.Tests.Support.RunningServer.StartAsync(o => o with
        {
            Auth = new AuthOptions(new Dictionary<string, string> { ["ada"] = "lovelace" }, []),
        });
        foreach (var path in new[] { "/", "/experiments", "/assets/dashboard.css" })
        {
            using var anonymous = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("ada:lovelace"u8.ToArray()));
        using var signedIn = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("Research overview", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
