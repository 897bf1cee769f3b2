using System.Text.Json;
using Quarry.Tracking.Registry;

namespace Quarry.Tracking.Rest;

/// <summary>
/// The model registry's JSON (spec <c>mlflow-rest.md</c> §5), both ways: <c>Write…</c> as MLflow's server does
/// (<c>MessageToJson</c> with proto field names, in proto field order; int64 timestamps as numbers, enums and stages by
/// name, empty or unset fields omitted — no empty <c>tags</c>, <c>aliases</c> or <c>latest_versions</c> arrays, no
/// null or empty description); <c>Read…</c> leniently as an MLflow client must (int64 as number or string, stages in
/// any case, status by name or number, a missing list is empty, a missing optional string is null). Also Quarry's
/// stage-transition records of <c>/api/quarry/models/{name}/transitions</c>. Thread-safe (no state).
/// </summary>
public static class MlflowRegistryJson
{
    /// <summary>Writes a <c>RegisteredModel</c> object; tags and aliases in ordinal key order.</summary>
    public static void WriteModel(Utf8JsonWriter json, RegisteredModel model)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(model);
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteNumber("creation_timestamp", model.CreationTimestamp);
        json.WriteNumber("last_updated_timestamp", model.LastUpdatedTimestamp);
        MlflowJsonWriter.WriteNonEmpty(json, "user_id", model.UserId);
        MlflowJsonWriter.WriteNonEmpty(json, "description", model.Description);
        WriteVersions(json, "latest_versions", model.LatestVersions);
        WriteTags(json, model.Tags);
        if (model.Aliases.Count > 0)
        {
            json.WriteStartArray("aliases");
            foreach (var (alias, version) in model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("alias", alias);
                json.WriteString("version", version);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>Writes a <c>ModelVersion</c> object; tags in ordinal key order, aliases as given.</summary>
    public static void WriteVersion(Utf8JsonWriter json, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(version);
        json.WriteStartObject();
        json.WriteString("name", version.Name);
        json.WriteString("version", version.Version);
        json.WriteNumber("creation_timestamp", version.CreationTimestamp);
        json.WriteNumber("last_updated_timestamp", version.LastUpdatedTimestamp);
        MlflowJsonWriter.WriteNonEmpty(json, "user_id", version.UserId);
        json.WriteString("current_stage", ModelStages.Name(version.CurrentStage));
        MlflowJsonWriter.WriteNonEmpty(json, "description", version.Description);
        MlflowJsonWriter.WriteNonEmpty(json, "source", version.Source);
        MlflowJsonWriter.WriteNonEmpty(json, "run_id", version.RunId);
        json.WriteString("status", StatusName(version.Status));
        MlflowJsonWriter.WriteNonEmpty(json, "status_message", version.StatusMessage);
        WriteTags(json, version.Tags);
        MlflowJsonWriter.WriteNonEmpty(json, "run_link", version.RunLink);
        if (version.Aliases.Count > 0)
        {
            json.WriteStartArray("aliases");
            foreach (var alias in version.Aliases) json.WriteStringValue(alias);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>Writes a list of versions as the array property <paramref name="name"/>, omitted when empty.</summary>
    public static void WriteVersions(Utf8JsonWriter json, string name, IReadOnlyList<ModelVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0) return;
        json.WriteStartArray(name);
        foreach (var version in versions) WriteVersion(json, version);
        json.WriteEndArray();
    }

    /// <summary>Writes a stage-transition object: <c>version</c>, <c>from_stage</c>, <c>to_stage</c>, <c>timestamp</c>, <c>user_id</c> when known.</summary>
    public static void WriteTransition(Utf8JsonWriter json, StageTransition transition)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(transition);
        json.WriteStartObject();
        json.WriteString("version", transition.Version);
        json.WriteString("from_stage", ModelStages.Name(transition.FromStage));
        json.WriteString("to_stage", ModelStages.Name(transition.ToStage));
        json.WriteNumber("timestamp", transition.Timestamp);
        if (transition.UserId is { } user) json.WriteString("user_id", user);
        json.WriteEndObject();
    }

    /// <summary>MLflow's <c>ModelVersionStatus</c> name: <c>PENDING_REGISTRATION</c>, <c>FAILED_REGISTRATION</c> or <c>READY</c>.</summary>
    public static string StatusName(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    /// <summary>Reads a <c>RegisteredModel</c> object; <c>name</c> is required.</summary>
    public static RegisteredModel ReadModel(JsonElement json)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (alias, version) in MlflowJsonReader.ReadList(json, "aliases", a => (Required(a, "alias"), Required(a, "version"))))
            aliases[alias] = version;
        return new RegisteredModel(
            Required(json, "name"),
            MlflowValues.GetInt64(json, "creation_timestamp") ?? 0,
            MlflowValues.GetInt64(json, "last_updated_timestamp") ?? 0,
            Optional(json, "user_id"),
            Optional(json, "description"),
            MlflowJsonReader.ReadList(json, "latest_versions", ReadVersion),
            ReadTags(json),
            aliases);
    }

    /// <summary>Reads a <c>ModelVersion</c> object; <c>name</c> and <c>version</c> are required, a missing stage is None and a missing status READY.</summary>
    public static ModelVersion ReadVersion(JsonElement json) => new(
        Required(json, "name"),
        Required(json, "version"),
        MlflowValues.GetInt64(json, "creation_timestamp") ?? 0,
        MlflowValues.GetInt64(json, "last_updated_timestamp") ?? 0,
        Optional(json, "user_id"),
        Optional(json, "current_stage") is { } stage ? ModelStages.Parse(stage) : ModelStage.None,
        Optional(json, "description"),
        MlflowValues.GetString(json, "source") ?? "",
        Optional(json, "run_id"),
        ReadStatus(json),
        Optional(json, "status_message"),
        Optional(json, "run_link"),
        ReadTags(json),
        ReadStrings(json, "aliases"));

    /// <summary>Reads a stage-transition object written by <see cref="WriteTransition"/> for the model <paramref name="name"/>.</summary>
    public static StageTransition ReadTransition(string name, JsonElement json) => new(
        name,
        Required(json, "version"),
        ModelStages.Parse(Required(json, "from_stage")),
        ModelStages.Parse(Required(json, "to_stage")),
        MlflowValues.GetInt64(json, "timestamp") ?? 0,
        Optional(json, "user_id"));

    /// <summary>The <c>status</c> of a <c>ModelVersion</c> by name or proto number (1–3); READY when absent.</summary>
    static ModelVersionStatus ReadStatus(JsonElement json)
    {
        if (!MlflowValues.TryGetField(json, "status", out var value)) return ModelVersionStatus.Ready;
        return MlflowValues.AsString(value, "status") switch
        {
            "PENDING_REGISTRATION" or "1" => ModelVersionStatus.PendingRegistration,
            "FAILED_REGISTRATION" or "2" => ModelVersionStatus.FailedRegistration,
            "READY" or "3" => ModelVersionStatus.Ready,
            _ => throw MlflowValues.Invalid(value, "status"),
        };
    }

    static Dictionary<string, string> ReadTags(JsonElement json)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in MlflowJsonReader.ReadList(json, "tags", MlflowJsonReader.ReadRunTag)) tags[tag.Key] = tag.Value;
        return tags;
    }

    static List<string> ReadStrings(JsonElement json, string name)
    {
        if (!MlflowValues.TryGetField(json, name, out var array)) return [];
        if (array.ValueKind != JsonValueKind.Array) throw MlflowValues.Invalid(array, name);
        var list = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray()) list.Add(MlflowValues.AsString(item, name));
        return list;
    }

    static void WriteTags(Utf8JsonWriter json, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0) return;
        json.WriteStartArray("tags");
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal)) MlflowJsonWriter.WriteTag(json, key, value);
        json.WriteEndArray();
    }

    static string Required(JsonElement json, string name) =>
        Optional(json, name) ?? throw MlflowErrors.MissingParameter(name);

    static string? Optional(JsonElement json, string name) =>
        MlflowValues.GetString(json, name) is { Length: > 0 } value ? value : null;
}
