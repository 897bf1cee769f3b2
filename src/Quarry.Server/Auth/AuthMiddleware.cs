using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Quarry.Server.Hosting;

namespace Quarry.Server.Auth;

/// <summary>
/// Default-deny authentication for every route except <see cref="OpenPaths"/> and the dashboard's assets. A request
/// passes with valid Basic or bearer credentials in its Authorization header (what MLflow clients send) or, without
/// that header, with a valid <see cref="SessionCookie"/> (what the dashboard's login sets). Otherwise a browser asking
/// for a page (GET or HEAD outside the API prefixes) is redirected to <c>/login?next=…</c>, and everything else — and
/// any request with wrong credentials in its header — gets 401 <c>{"error_code": "UNAUTHENTICATED", "message": …}</c>
/// with <c>WWW-Authenticate: Basic realm="quarry"</c>. An authenticated request carries the caller's name in
/// <see cref="HttpContext.User"/>.
/// </summary>
internal sealed class AuthMiddleware(RequestDelegate next, SignInService signIn)
{
    /// <summary>The sign-in page.</summary>
    public const string LoginPath = "/login";

    /// <summary>The sign-out action.</summary>
    public const string LogoutPath = "/logout";

    /// <summary>The routes that stay open: probes call the first three without credentials; the last two sign in and out.</summary>
    public static readonly string[] OpenPaths = ["/health", "/healthz", "/version", LoginPath, LogoutPath];

    /// <summary>Where API clients (not browsers on a page) call; they get a 401, never a redirect.</summary>
    public static readonly string[] ApiPrefixes = ["/api/", "/ajax-api/", "/get-artifact"];

    public const string Challenge = "Basic realm=\"quarry\"";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsOpen(request.Path)) return next(context);
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            if (signIn.Sessions.Read(request) is { } user) return Pass(context, user, "Cookie");
            if (IsPage(request)) return RedirectToLogin(context);
        }
        var outcome = signIn.Verifier.Verify(authorization);
        if (outcome.Name is { } name) return Pass(context, name, name == "token" ? "Bearer" : "Basic");
        // ErrorMiddleware.Write clears the headers first; a starting callback adds the challenge after that.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
            return Task.CompletedTask;
        });
        return ErrorMiddleware.Write(context, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", outcome.Failure!, null);
    }

    Task Pass(HttpContext context, string name, string scheme)
    {
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], scheme));
        return next(context);
    }

    static Task RedirectToLogin(HttpContext context)
    {
        var request = context.Request;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(LoginPath + "?next=" + Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString));
        return Task.CompletedTask;
    }

    /// <summary>A browser navigating to a page: GET or HEAD outside the API prefixes.</summary>
    static bool IsPage(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        string path = request.Path.Value ?? "/";
        foreach (var prefix in ApiPrefixes)
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    static bool IsOpen(PathString path)
    {
        // The login page's stylesheet and scripts: public code, no data.
        if (path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var open in OpenPaths)
            if (path.Equals(open, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
