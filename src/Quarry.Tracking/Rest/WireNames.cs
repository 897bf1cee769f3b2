using System.Text.Json;

namespace Quarry.Tracking.Rest;

/// <summary>MLflow's JSON field names, pre-encoded once.</summary>
internal static class WireNames
{
    public static readonly JsonEncodedText ExperimentId = JsonEncodedText.Encode("experiment_id");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText ArtifactLocation = JsonEncodedText.Encode("artifact_location");
    public static readonly JsonEncodedText LifecycleStage = JsonEncodedText.Encode("lifecycle_stage");
    public static readonly JsonEncodedText LastUpdateTime = JsonEncodedText.Encode("last_update_time");
    public static readonly JsonEncodedText CreationTime = JsonEncodedText.Encode("creation_time");
    public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    public static readonly JsonEncodedText Info = JsonEncodedText.Encode("info");
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    public static readonly JsonEncodedText Inputs = JsonEncodedText.Encode("inputs");
    public static readonly JsonEncodedText RunId = JsonEncodedText.Encode("run_id");
    public static readonly JsonEncodedText RunUuid = JsonEncodedText.Encode("run_uuid");
    public static readonly JsonEncodedText RunName = JsonEncodedText.Encode("run_name");
    public static readonly JsonEncodedText UserId = JsonEncodedText.Encode("user_id");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("start_time");
    public static readonly JsonEncodedText EndTime = JsonEncodedText.Encode("end_time");
    public static readonly JsonEncodedText ArtifactUri = JsonEncodedText.Encode("artifact_uri");
    public static readonly JsonEncodedText Metrics = JsonEncodedText.Encode("metrics");
    public static readonly JsonEncodedText Params = JsonEncodedText.Encode("params");
    public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText Step = JsonEncodedText.Encode("step");
    public static readonly JsonEncodedText Runs = JsonEncodedText.Encode("runs");
    public static readonly JsonEncodedText Experiments = JsonEncodedText.Encode("experiments");
    public static readonly JsonEncodedText NextPageToken = JsonEncodedText.Encode("next_page_token");
    public static readonly JsonEncodedText DatasetInputs = JsonEncodedText.Encode("dataset_inputs");
    public static readonly JsonEncodedText Dataset = JsonEncodedText.Encode("dataset");
    public static readonly JsonEncodedText Digest = JsonEncodedText.Encode("digest");
    public static readonly JsonEncodedText SourceType = JsonEncodedText.Encode("source_type");
    public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    public static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
    public static readonly JsonEncodedText Profile = JsonEncodedText.Encode("profile");
}
