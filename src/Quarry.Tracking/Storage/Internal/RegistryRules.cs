using System.Globalization;
using System.Text.RegularExpressions;
using Quarry.Core;
using Quarry.Tracking.Registry;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>The registry's input rules (MLflow's <c>mlflow/utils/validation.py</c>) and its column encodings.</summary>
internal static partial class RegistryRules
{
    public const int MaxTagKeyLength = 250, MaxTagValueLength = 5000, MaxAliasLength = 255;

    [GeneratedRegex(@"^[\w\-]*$")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^[vV]\d+$")]
    private static partial Regex VersionLikeAlias();

    public static void Name(string? name, string parameter = "name")
    {
        if (string.IsNullOrEmpty(name))
            throw BatchValidator.Invalid($"Missing value for required parameter '{parameter}': a registered model name cannot be empty.");
    }

    /// <summary>A version number written as a string ("1", "2", …); InvalidParameter for anything that is not a non-negative integer.</summary>
    public static long Version(string? version) =>
        long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw BatchValidator.Invalid($"Parameter 'version' must be an integer, got '{version}' (fix: pass a version number such as \"1\").");

    public static void Tag(string? key, string? value, string what)
    {
        BatchValidator.Key(key, what);
        BatchValidator.Value(value, MaxTagValueLength, $"{what} '{key}'");
    }

    public static void Tags(IReadOnlyDictionary<string, string>? tags, string what)
    {
        foreach (var (key, value) in tags ?? new Dictionary<string, string>()) Tag(key, value, what);
    }

    /// <summary>MLflow's alias rules: <c>^[\w\-]*$</c>, at most 255 characters, not <c>latest</c> nor <c>v&lt;digits&gt;</c> (any case).</summary>
    public static void Alias(string? alias)
    {
        if (string.IsNullOrEmpty(alias)) throw BatchValidator.Invalid("Missing value for required parameter 'alias'.");
        if (!AliasPattern().IsMatch(alias))
            throw BatchValidator.Invalid($"Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores, and dashes.");
        if (alias.Length > MaxAliasLength)
            throw BatchValidator.Invalid($"Alias name has {alias.Length} characters, exceeding the maximum length of {MaxAliasLength}.");
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase) || VersionLikeAlias().IsMatch(alias))
            throw BatchValidator.Invalid(
                $"'{alias}' alias name (case insensitive) is reserved: 'latest' and 'v<digits>' refer to versions (fix: choose another alias, e.g. 'champion').");
    }

    /// <summary>A required source URI without relative path segments (MLflow refuses <c>..</c>, also percent-encoded).</summary>
    public static void Source(string? source)
    {
        if (string.IsNullOrEmpty(source)) throw BatchValidator.Invalid("Missing value for required parameter 'source'.");
        string decoded = Uri.UnescapeDataString(source);
        if (decoded.Split('/', '\\').Any(segment => segment == ".."))
            throw BatchValidator.Invalid(
                $"Invalid model version source: '{source}'. An absolute path without relative path references ('..') must be provided.");
    }

    public static void ArchiveStage(ModelStage stage, bool archiveExistingVersions)
    {
        if (archiveExistingVersions && stage is not (ModelStage.Staging or ModelStage.Production))
            throw BatchValidator.Invalid(
                $"Model version transition cannot archive existing model versions because '{ModelStages.Name(stage)}' is not an Active stage. Valid stages are Staging, Production.");
    }

    public static string Status(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    public static ModelVersionStatus Status(string text) => text switch
    {
        "PENDING_REGISTRATION" => ModelVersionStatus.PendingRegistration,
        "FAILED_REGISTRATION" => ModelVersionStatus.FailedRegistration,
        "READY" => ModelVersionStatus.Ready,
        _ => throw new QuarryException(ErrorCode.InvalidData, $"Unknown model version status '{text}' in the registry."),
    };

    public static QuarryException NoModel(string name) => new(ErrorCode.NotFound, $"Registered Model with name={name} not found");

    public static QuarryException NoVersion(string name, string version) =>
        new(ErrorCode.NotFound, $"Model Version (name={name}, version={version}) not found");
}
