using Quarry.Core;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Experiment ids, names and tags: parsing and MLflow's validation rules.</summary>
internal static class ExperimentRules
{
    public static long ExperimentKey(string experimentId)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        return TrackingCodec.TryExperimentKey(experimentId, out long key) ? key : throw NoExperiment(experimentId);
    }

    public static void CheckExperimentName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw BatchValidator.Invalid("Missing value for required parameter 'name' (the experiment name).");
        if (name.Length > BatchValidator.MaxExperimentNameLength)
            throw BatchValidator.Invalid($"The experiment name has {name.Length} characters, exceeding the maximum length of {BatchValidator.MaxExperimentNameLength}.");
    }

    public static void CheckExperimentTag(string key, string value)
    {
        BatchValidator.Key(key, "experiment tag");
        BatchValidator.Value(value, BatchValidator.MaxExperimentTagValueLength, $"experiment tag '{key}'");
    }

    public static QuarryException NoExperiment(string id) => new(ErrorCode.NotFound, $"No Experiment with id={id} exists");

    public static QuarryException NotActive(long key) =>
        new(ErrorCode.InvalidState, $"The experiment {key} must be in the 'active' state (fix: restore it first).");
}
