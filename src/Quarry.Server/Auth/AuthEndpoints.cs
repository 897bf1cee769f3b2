using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Quarry.Server.Auth;

/// <summary>Wires authentication into the app when <see cref="ServerOptions.Auth"/> is set.</summary>
internal static class AuthEndpoints
{
    /// <summary>Registers <see cref="SignInService"/> when <paramref name="options"/> ask for authentication; otherwise nothing.</summary>
    public static IServiceCollection AddQuarryAuth(this IServiceCollection services, ServerOptions options)
    {
        if (options.Auth is { } auth) services.AddSingleton(s => new SignInService(auth, s.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Adds <see cref="AuthMiddleware"/> when the server's options ask for authentication; otherwise nothing.</summary>
    public static IApplicationBuilder UseQuarryAuth(this IApplicationBuilder app) =>
        app.ApplicationServices.GetService<SignInService>() is { } signIn ? app.UseMiddleware<AuthMiddleware>(signIn) : app;
}
