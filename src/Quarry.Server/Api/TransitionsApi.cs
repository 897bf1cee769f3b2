using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Quarry.Server.Mlflow;
using Quarry.Server.Registry;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Api;

/// <summary>
/// <c>GET /api/quarry/models/{name}/transitions[?version=N]</c>: the recorded stage changes of a registered model (or of
/// one version), oldest first, as <c>{transitions:[{version, from_stage, to_stage, timestamp, user_id?}]}</c>; an empty
/// history is <c>{transitions:[]}</c>. MLflow's protocol has no such call; the dashboard uses it. An unknown model or
/// version is MLflow's <c>RESOURCE_DOES_NOT_EXIST</c> (404).
/// </summary>
internal static class TransitionsApi
{
    public static async Task Handle(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        string name = ModelName(context);
        var history = await context.Registry().GetTransitionHistoryAsync(name, request.String("version"), context.RequestAborted)
            .ConfigureAwait(false);
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        json.WriteStartArray("transitions");
        foreach (var transition in history) MlflowRegistryJson.WriteTransition(json, transition);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// The <c>{name}</c> segment as the client escaped it, unescaped once. The route value will not do for a name with
    /// a <c>/</c>: the server decodes every escape in the path but <c>%2F</c>, so <c>desk%2Ffx</c> would stay as sent.
    /// </summary>
    static string ModelName(HttpContext context)
    {
        const string Head = QuarryApi.Prefix + "/models/", Tail = "/transitions";
        string raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        int query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) raw = raw[..query];
        return raw.StartsWith(Head, StringComparison.Ordinal) && raw.EndsWith(Tail, StringComparison.Ordinal) && raw.Length > Head.Length + Tail.Length
            ? Uri.UnescapeDataString(raw[Head.Length..^Tail.Length])
            : (string)context.Request.RouteValues["name"]!;
    }
}
