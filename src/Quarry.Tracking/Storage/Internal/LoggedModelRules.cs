using System.Data.Common;
using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Models;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Validation, status names and row locks of logged models (inside the caller's transaction).</summary>
internal static class LoggedModelRules
{
    public const string IdPrefix = "m-";

    /// <summary>A new id: <c>m-</c> and 32 lowercase hex digits, as MLflow.</summary>
    public static string NewId() => IdPrefix + Guid.NewGuid().ToString("N");

    /// <summary>The artifact location of a model under its experiment's root.</summary>
    public static string ArtifactLocation(string experimentRoot, string modelId) =>
        $"{experimentRoot.TrimEnd('/')}/models/{modelId}/artifacts";

    public static string Status(LoggedModelStatus status) => status switch
    {
        LoggedModelStatus.Pending => "PENDING",
        LoggedModelStatus.Ready => "READY",
        LoggedModelStatus.Failed => "FAILED",
        _ => throw BatchValidator.Invalid($"Unknown logged model status {(int)status} (fix: use READY or FAILED)."),
    };

    public static LoggedModelStatus Status(string text) => text switch
    {
        "READY" => LoggedModelStatus.Ready,
        "FAILED" => LoggedModelStatus.Failed,
        _ => LoggedModelStatus.Pending,
    };

    public static void Id(string? modelId)
    {
        if (string.IsNullOrEmpty(modelId)) throw BatchValidator.Invalid("Missing value for required parameter 'model_id'.");
    }

    public static void Params(IReadOnlyList<Param> @params)
    {
        ArgumentNullException.ThrowIfNull(@params);
        BatchValidator.Validate([], @params, []);
    }

    public static void Tags(IReadOnlyList<RunTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        BatchValidator.Validate([], [], tags);
    }

    public static QuarryException NotFound(string modelId) =>
        new(ErrorCode.NotFound, $"Logged model with ID '{modelId}' not found (fix: check the id; deleted models cannot be read or changed).");

    /// <summary>Locks an active model row for writing and returns its experiment's key; NotFound when unknown or deleted.</summary>
    public static async Task<long> LockActiveAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, string modelId, CancellationToken ct)
    {
        var rows = await c.Sql($"SELECT experiment_id FROM logged_models WHERE model_id = @id AND lifecycle_stage = 'active'{dialect.ForUpdate}", tx)
            .With("id", modelId).ListAsync(r => r.Long(0), ct).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw NotFound(modelId);
    }

    /// <summary>Checks that every id names an active model; NotFound for the first that does not.</summary>
    public static async Task RequireActiveAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<string> modelIds, CancellationToken ct)
    {
        if (modelIds.Count == 0) return;
        var found = (await TrackingReader.InList(c.Sql("SELECT model_id FROM logged_models WHERE lifecycle_stage = 'active' AND model_id IN ({0})", tx),
            modelIds.Distinct(StringComparer.Ordinal).ToArray()).ListAsync(r => r.GetString(0), ct).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var id in modelIds)
            if (!found.Contains(id)) throw NotFound(id);
    }
}
