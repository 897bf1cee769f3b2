using System.Text.Json;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Registry;

/// <summary>
/// Writes registry entities as MLflow's server does (<c>MessageToJson</c> with proto field names, in proto field
/// order): int64 timestamps as numbers, enums and stages by name, and empty or unset fields omitted — no empty
/// <c>tags</c>, <c>aliases</c> or <c>latest_versions</c> arrays, no null or empty description. Thread-safe.
/// </summary>
internal static class RegistryJson
{
    /// <summary>A <c>RegisteredModel</c> message.</summary>
    public static void WriteModel(Utf8JsonWriter json, RegisteredModel model)
    {
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteNumber("creation_timestamp", model.CreationTimestamp);
        json.WriteNumber("last_updated_timestamp", model.LastUpdatedTimestamp);
        MlflowJsonWriter.WriteNonEmpty(json, "user_id", model.UserId);
        MlflowJsonWriter.WriteNonEmpty(json, "description", model.Description);
        if (model.LatestVersions.Count > 0)
        {
            json.WriteStartArray("latest_versions");
            foreach (var version in model.LatestVersions) WriteVersion(json, version);
            json.WriteEndArray();
        }
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

    /// <summary>A <c>ModelVersion</c> message.</summary>
    public static void WriteVersion(Utf8JsonWriter json, ModelVersion version)
    {
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
        json.WriteString("status", Status(version.Status));
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

    /// <summary>A list of versions under <paramref name="name"/>, omitted when empty.</summary>
    public static void WriteVersions(Utf8JsonWriter json, string name, IReadOnlyList<ModelVersion> versions)
    {
        if (versions.Count == 0) return;
        json.WriteStartArray(name);
        foreach (var version in versions) WriteVersion(json, version);
        json.WriteEndArray();
    }

    /// <summary>MLflow's <c>ModelVersionStatus</c> name.</summary>
    public static string Status(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    static void WriteTags(Utf8JsonWriter json, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0) return;
        json.WriteStartArray("tags");
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal)) MlflowJsonWriter.WriteTag(json, key, value);
        json.WriteEndArray();
    }
}
