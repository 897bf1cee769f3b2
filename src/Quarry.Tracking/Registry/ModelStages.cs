using Quarry.Core;

namespace Quarry.Tracking.Registry;

/// <summary>
/// The wire names of <see cref="ModelStage"/> (<c>None</c>, <c>Staging</c>, <c>Production</c>, <c>Archived</c>): MLflow
/// accepts them in any case on input and returns the canonical case. Stateless and thread-safe.
/// </summary>
public static class ModelStages
{
    /// <summary>Every stage, in the order <see cref="RegisteredModel.LatestVersions"/> lists them.</summary>
    public static IReadOnlyList<ModelStage> All { get; } = [ModelStage.None, ModelStage.Staging, ModelStage.Production, ModelStage.Archived];

    /// <summary>The canonical name of <paramref name="stage"/>; InvalidParameter for a value outside the enum.</summary>
    public static string Name(ModelStage stage) => stage switch
    {
        ModelStage.None => "None",
        ModelStage.Staging => "Staging",
        ModelStage.Production => "Production",
        ModelStage.Archived => "Archived",
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown model stage {(int)stage} (expected None, Staging, Production or Archived)."),
    };

    /// <summary>
    /// The stage named <paramref name="name"/>, case-insensitively (<c>production</c> → Production). Throws a
    /// <see cref="QuarryException"/> (InvalidParameter) for anything else, listing the valid names.
    /// </summary>
    public static ModelStage Parse(string? name)
    {
        foreach (var stage in All)
            if (string.Equals(name, Name(stage), StringComparison.OrdinalIgnoreCase)) return stage;
        throw new QuarryException(ErrorCode.InvalidParameter,
            $"Invalid Model Version stage: '{name}'. Value must be one of None, Staging, Production, Archived (any case).");
    }
}
