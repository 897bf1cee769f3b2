using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Quarry.Server.Auth;

/// <summary>Wires authentication into the app when <see cref="ServerOptions.Auth"/> is set.</summary>
internal static class AuthEndpoints
{
    /// <summary>Adds <see cref="AuthMiddleware"/> when the server's options ask for authentication; otherwise nothing.</summary>
    public static IApplicationBuilder UseQuarryAuth(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<ServerOptions>();
        return options.Auth is { } auth ? app.UseMiddleware<AuthMiddleware>(new CredentialVerifier(auth)) : app;
    }
}
