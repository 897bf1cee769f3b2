using System.Net;
using Quarry.Server.Tests.Dashboard.Support;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Dashboard;

[Collection(DashboardCollection.Name)]
public sealed class DashboardAuthTests(DashboardFixture fixture)
{
    static readonly AuthOptions Ada = new(new Dictionary<string, string> { ["ada"] = "lovelace" }, []);

    static Task<RunningServer> StartAsync() => RunningServer.StartAsync(o => o with { Auth = Ada });

    /// <summary>A client that neither follows redirects nor keeps cookies, so each answer is seen as sent.</summary>
    static HttpClient Raw(RunningServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };

    [Fact]
    public async Task With_authentication_configured_pages_redirect_to_login_and_apis_answer_401()
    {
        await using var server = await StartAsync();
        using var http = Raw(server);
        foreach (var path in new[] { "/", "/experiments", "/experiments/0", "/runs/abc", "/compare?runs=a,b", "/nowhere" })
        {
            using var anonymous = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Equal("/login?next=" + Uri.EscapeDataString(path), anonymous.Headers.Location!.OriginalString);
        }
        foreach (var path in new[] { "/api/2.0/mlflow/experiments/search?max_results=1", "/ajax-api/2.0/mlflow/experiments/search?max_results=1", "/get-artifact?run_uuid=x&path=a" })
        {
            using var api = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            Assert.Equal("Basic", api.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("\"error_code\":\"UNAUTHENTICATED\"", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var open in new[] { "/health", "/login", "/assets/dashboard.css", "/assets/dashboard.js" })
        {
            using var response = await http.GetAsync(open);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{open}: {response.StatusCode}");
        }
        // Basic credentials still open pages (scripts and curl), and wrong ones are a 401, not a redirect
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/", basic: "ada:lovelace")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, "/", basic: "ada:wrong")).StatusCode);
    }

    [Fact]
    public async Task Login_sets_a_signed_cookie_that_pages_and_apis_accept_and_logout_clears_it()
    {
        await using var server = await StartAsync();
        using var http = Raw(server);
        using var login = await PostLoginAsync(http, "ada", "lovelace", "/experiments?view=all");
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Equal("/experiments?view=all", login.Headers.Location!.OriginalString);
        string setCookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase); // plain HTTP
        string cookie = setCookie.Split(';')[0];

        using var page = await SendAsync(http, HttpMethod.Get, "/experiments", cookie: cookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"signed-in-user\">ada<", html, StringComparison.Ordinal);
        using var api = await SendAsync(http, HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=1", cookie: cookie);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);

        // tampered: another user's name under ada's signature, or a flipped signature character
        string value = cookie[(cookie.IndexOf('=') + 1)..];
        var parts = value.Split('.');
        string otherUser = System.Buffers.Text.Base64Url.EncodeToString("root"u8) + "." + parts[1] + "." + parts[2];
        string flipped = value[..^1] + (value[^1] == 'A' ? 'B' : 'A');
        foreach (var bad in new[] { otherUser, flipped, "garbage", parts[0] + "." + (long.Parse(parts[1]) + 3600) + "." + parts[2] })
        {
            using var rejected = await SendAsync(http, HttpMethod.Get, "/experiments", cookie: "quarry_session=" + bad);
            Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
            using var rejectedApi = await SendAsync(http, HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=1", cookie: "quarry_session=" + bad);
            Assert.Equal(HttpStatusCode.Unauthorized, rejectedApi.StatusCode);
        }

        using var logout = await SendAsync(http, HttpMethod.Post, "/logout", cookie: cookie);
        Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location!.OriginalString);
        string cleared = logout.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("quarry_session=;", cleared, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_password_unknown_user_open_redirects_and_cross_site_posts_are_refused()
    {
        await using var server = await StartAsync();
        using var http = Raw(server);
        string? firstError = null;
        foreach (var (user, password) in new[] { ("ada", "wrong"), ("nobody", "lovelace") })
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var rejected = await PostLoginAsync(http, user, password, "/experiments");
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
            Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(350), $"a failed sign-in answered in {started.ElapsedMilliseconds} ms");
            Assert.False(rejected.Headers.Contains("Set-Cookie"));
            string html = await rejected.Content.ReadAsStringAsync();
            string error = html[html.IndexOf("id=\"login-error\"", StringComparison.Ordinal)..];
            error = error[..error.IndexOf("</p>", StringComparison.Ordinal)];
            firstError ??= error;
            Assert.Equal(firstError, error); // the same words whichever part was wrong
            Assert.Contains("value=\"/experiments\"", html, StringComparison.Ordinal); // the form keeps where to go
        }

        foreach (var next in new[] { "//evil.example/x", "https://evil.example/", "/\\evil.example", "evil", "/\r\nSet-Cookie: x=1" })
        {
            using var login = await PostLoginAsync(http, "ada", "lovelace", next);
            Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
            string location = login.Headers.Location!.OriginalString;
            Assert.True(location == "/", $"next={next} went to {location}");
        }

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = Form("ada", "lovelace", "/") };
        crossSite.Headers.Add("Origin", "http://evil.example");
        using var refused = await http.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_browser_is_sent_to_login_signs_in_returns_to_its_page_and_logs_out()
    {
        await using var server = await StartAsync();
        await using var open = await DashboardPage.OpenAsync(fixture.Browser, server.BaseAddress, "/experiments?q=alpha");
        var page = open.Page;
        Assert.EndsWith("/login?next=" + Uri.EscapeDataString("/experiments?q=alpha"), page.Url, StringComparison.Ordinal);
        await open.ScreenshotAsync("login");

        await page.FillAsync("input[name=user]", "ada");
        await page.FillAsync("input[name=password]", "not-it");
        await open.ClickAndWaitAsync("#login-form button");
        Assert.Contains("user name or the password is wrong", await page.InnerTextAsync("#login-error"), StringComparison.Ordinal);
        Assert.Equal("", await page.InputValueAsync("input[name=password]"));

        await page.FillAsync("input[name=user]", "ada");
        await page.FillAsync("input[name=password]", "lovelace");
        await open.ClickAndWaitAsync("#login-form button");
        Assert.EndsWith("/experiments?q=alpha", page.Url, StringComparison.Ordinal);
        Assert.Equal("ada", await page.InnerTextAsync("#signed-in-user"));
        // the JSON APIs a page calls accept the cookie
        Assert.Equal(200, await page.EvaluateAsync<int>("async () => (await fetch('/api/2.0/mlflow/experiments/search?max_results=1')).status"));

        await open.ClickAndWaitAsync("#logout");
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
        await open.GoAsync("/experiments");
        Assert.Contains("/login?next=", page.Url, StringComparison.Ordinal);
        open.Problems.RemoveAll(p => p.Contains("401", StringComparison.Ordinal)); // the wrong password's answer
        open.AssertCleanAndOffline();
    }

    static FormUrlEncodedContent Form(string user, string password, string next) =>
        new([new("user", user), new("password", password), new("next", next)]);

    static Task<HttpResponseMessage> PostLoginAsync(HttpClient http, string user, string password, string next) =>
        http.PostAsync("/login", Form(user, password, next));

    static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? basic = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (basic is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basic)));
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }
}
