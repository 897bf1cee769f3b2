using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Quarry.Server.Auth;
using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// The login routes: <c>GET /login?next=</c> shows <see cref="LoginPage"/>; <c>POST /login</c> checks the form's user
/// and password, sets the <see cref="SessionCookie"/> and redirects (303) to <c>next</c> — a local path only, anything
/// else goes to <c>/</c>; a wrong user or password waits <see cref="SignInService.FailureDelay"/> and shows the form
/// again (401), and a client with too many recent failures gets 429 (<see cref="LoginThrottle"/>). <c>POST /logout</c>
/// clears the cookie and redirects to <c>/login</c>. Both posts refuse (403) a request another site sent.
/// </summary>
internal static class LoginActions
{
    const string Failed = "Sign-in failed: the user name or the password is wrong.";

    public static Task<HtmlWriter> ShowAsync(DashboardServices s, SignInService? signIn, HttpRequest request) =>
        Task.FromResult(LoginPage.Render(s, SafeNext(request.Query["next"]), null, signIn is not null));

    public static async Task SignInAsync(HttpContext context, DashboardServices s, SignInService? signIn)
    {
        if (await RefuseCrossSiteAsync(context, s).ConfigureAwait(false)) return;
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string next = SafeNext(form["next"]);
        if (signIn is null)
        {
            SeeOther(context, next);
            return;
        }
        string client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!signIn.Throttle.Allows(client))
        {
            await PageResponse.SendAsync(context, LoginPage.Render(s, next,
                $"Too many failed sign-ins from this address; try again in {LoginThrottle.Window.TotalMinutes:0} minutes.", true),
                StatusCodes.Status429TooManyRequests).ConfigureAwait(false);
            return;
        }
        string user = form["user"].ToString().Trim(), password = form["password"].ToString();
        if (user.Length > 0 && signIn.Verifier.VerifyPassword(user, password))
        {
            signIn.Throttle.Succeed(client);
            signIn.Sessions.Append(context, user);
            SeeOther(context, next);
            return;
        }
        signIn.Throttle.Fail(client);
        await Task.Delay(SignInService.FailureDelay, signIn.Time, context.RequestAborted).ConfigureAwait(false);
        await PageResponse.SendAsync(context, LoginPage.Render(s, next, Failed, true), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
    }

    public static async Task SignOutAsync(HttpContext context, DashboardServices s, SignInService? signIn)
    {
        if (await RefuseCrossSiteAsync(context, s).ConfigureAwait(false)) return;
        signIn?.Sessions.Clear(context);
        SeeOther(context, "/login");
    }

    /// <summary>
    /// <paramref name="next"/> when it is a path on this server (starts with one <c>/</c>, no backslash, no control
    /// character), else <c>/</c>: <c>//evil.example</c>, <c>/\evil.example</c> and <c>https://…</c> would leave the site.
    /// </summary>
    public static string SafeNext(string? next)
    {
        if (string.IsNullOrEmpty(next) || next.Length > 2048 || next[0] != '/') return "/";
        if (next.Length > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
        foreach (char c in next)
            if (c == '\\' || char.IsControl(c)) return "/";
        return next;
    }

    static void SeeOther(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
    }

    /// <summary>Answers 403 when the browser says another site sent the post (Origin or Sec-Fetch-Site).</summary>
    static async Task<bool> RefuseCrossSiteAsync(HttpContext context, DashboardServices s)
    {
        var headers = context.Request.Headers;
        string origin = headers[HeaderNames.Origin].ToString(), site = headers["Sec-Fetch-Site"].ToString();
        string self = context.Request.Scheme + "://" + context.Request.Host.Value;
        bool crossSite = (origin.Length > 0 && !origin.Equals(self, StringComparison.OrdinalIgnoreCase))
                         || (site.Length > 0 && site is not ("same-origin" or "none"));
        if (!crossSite) return false;
        await PageResponse.SendAsync(context, PageResponse.ErrorPage(s, StatusCodes.Status403Forbidden,
            "This form was sent from another site; sign in or out from Quarry's own pages."), StatusCodes.Status403Forbidden).ConfigureAwait(false);
        return true;
    }
}
