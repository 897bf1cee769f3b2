using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Quarry.Server.Mlflow;

/// <summary>Maps an MLflow RPC under both of MLflow's prefixes, <c>/api/2.0/mlflow/</c> and <c>/ajax-api/2.0/mlflow/</c> (the web UI's).</summary>
internal static class MlflowRoutes
{
    public static readonly string[] Prefixes = ["/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"];

    public static readonly string[] Get = ["GET"], Post = ["POST"], GetOrPost = ["GET", "POST"];

    /// <summary>Maps <paramref name="path"/> (relative, e.g. <c>runs/create</c>) for <paramref name="methods"/> under both prefixes.</summary>
    public static void MapMlflow(this IEndpointRouteBuilder app, string[] methods, string path, RequestDelegate handler)
    {
        foreach (var prefix in Prefixes) app.MapMethods(prefix + path, methods, handler);
    }
}
