using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Quarry.Server.Hosting;

namespace Quarry.Server.Auth;

/// <summary>
/// Default-deny authentication for every route except <c>/health</c>, <c>/healthz</c> and <c>/version</c>: a request
/// without valid Basic or bearer credentials gets 401 <c>{"error_code": "UNAUTHENTICATED", "message": …}</c> with
/// <c>WWW-Authenticate: Basic realm="quarry"</c>, so browsers and MLflow clients know to send credentials. An
/// authenticated request carries the caller's name in <see cref="HttpContext.User"/>.
/// </summary>
internal sealed class AuthMiddleware(RequestDelegate next, CredentialVerifier verifier)
{
    /// <summary>The routes that stay open: load balancers and probes call them without credentials.</summary>
    public static readonly string[] OpenPaths = ["/health", "/healthz", "/version"];

    public const string Challenge = "Basic realm=\"quarry\"";

    public Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request.Path)) return next(context);
        var outcome = verifier.Verify(context.Request.Headers.Authorization.ToString());
        if (outcome.Name is { } name)
        {
            string scheme = name == "token" ? "Bearer" : "Basic";
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], scheme));
            return next(context);
        }
        // ErrorMiddleware.Write clears the headers first; a starting callback adds the challenge after that.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
            return Task.CompletedTask;
        });
        return ErrorMiddleware.Write(context, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", outcome.Failure!, null);
    }

    static bool IsOpen(PathString path)
    {
        foreach (var open in OpenPaths)
            if (path.Equals(open, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
