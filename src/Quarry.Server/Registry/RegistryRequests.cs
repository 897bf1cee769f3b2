using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Registry;

/// <summary>What registry handlers share: the store, request fields MLflow's registry messages use, and the replies.</summary>
internal static class RegistryRequests
{
    public static IModelRegistryStore Registry(this HttpContext context) => context.RequestServices.GetRequiredService<IModelRegistryStore>();

    /// <summary>The authenticated caller's name (recorded in the transition history), or null on an open server.</summary>
    public static string? Caller(this HttpContext context) => context.User.FindFirst(ClaimTypes.Name)?.Value;

    /// <summary>
    /// Who a write is recorded as: the authenticated caller; on an open server, the request's <c>user_id</c> (a
    /// Quarry extension that MLflow's registry messages lack and its servers ignore; <c>RestModelRegistryStore</c>
    /// sends it), else null. An authenticated caller cannot write as someone else.
    /// </summary>
    public static string? RecordedUser(this HttpContext context, MlflowRequest request) =>
        context.Caller() ?? (request.String("user_id") is { Length: > 0 } user ? user : null);

    /// <summary>A <c>tags: [{key, value}]</c> field as a map (a later duplicate key wins, as an upsert would); null when absent.</summary>
    public static Dictionary<string, string>? Tags(MlflowRequest request)
    {
        var tags = request.Objects("tags", item => (
            Key: MlflowValues.GetString(item, "key") ?? throw MlflowErrors.MissingParameter("tags.key"),
            Value: MlflowValues.GetString(item, "value") ?? ""));
        if (tags.Count == 0) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags) map[key] = value;
        return map;
    }

    /// <summary>Answers <c>{"<paramref name="property"/>": RegisteredModel}</c>.</summary>
    public static void Reply(HttpContext context, string property, RegisteredModel model) =>
        MlflowResponse.Wrapped(context, property, model, MlflowRegistryJson.WriteModel);

    /// <summary>Answers <c>{"<paramref name="property"/>": ModelVersion}</c>.</summary>
    public static void Reply(HttpContext context, string property, ModelVersion version) =>
        MlflowResponse.Wrapped(context, property, version, MlflowRegistryJson.WriteVersion);

    /// <summary>Answers <c>{"<paramref name="property"/>": [ModelVersion…], "next_page_token"?}</c>, each omitted when empty.</summary>
    public static void Reply(HttpContext context, string property, IReadOnlyList<ModelVersion> versions, string? nextPageToken = null)
    {
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        MlflowRegistryJson.WriteVersions(json, property, versions);
        MlflowJsonWriter.WriteNonEmpty(json, "next_page_token", nextPageToken);
        json.WriteEndObject();
    }

    /// <summary>Answers with a JSON object whose body <paramref name="write"/> fills.</summary>
    public static void Reply(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        write(json);
        json.WriteEndObject();
    }
}
