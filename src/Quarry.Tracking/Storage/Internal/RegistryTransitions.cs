using System.Data.Common;
using Quarry.Storage;
using Quarry.Tracking.Registry;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Stage changes of model versions and their history rows, inside the caller's transaction (which holds the model's row lock).</summary>
internal static class RegistryTransitions
{
    /// <summary>Moves one version to <paramref name="to"/> and records the change (nothing is recorded when the stage stays the same).</summary>
    public static async Task MoveAsync(DbConnection c, DbTransaction tx, long model, long version, ModelStage from, ModelStage to, long now,
        string? userId, CancellationToken ct)
    {
        await c.Sql("UPDATE model_versions SET current_stage = @stage, last_updated_time = @now WHERE model_id = @id AND version = @version", tx)
            .With("stage", ModelStages.Name(to)).With("now", now).With("id", model).With("version", version).ExecAsync(ct).ConfigureAwait(false);
        if (from != to) await RecordAsync(c, tx, model, version, from, to, now, userId, ct).ConfigureAwait(false);
    }

    /// <summary>Moves every other version of the model that is in <paramref name="stage"/> to Archived, recording each.</summary>
    public static async Task ArchiveOthersAsync(DbConnection c, DbTransaction tx, long model, long keep, ModelStage stage, long now,
        string? userId, CancellationToken ct)
    {
        var others = await c.Sql("SELECT version FROM model_versions WHERE model_id = @id AND current_stage = @stage AND version <> @keep ORDER BY version", tx)
            .With("id", model).With("stage", ModelStages.Name(stage)).With("keep", keep).ListAsync(r => r.Long(0), ct).ConfigureAwait(false);
        foreach (long version in others)
            await MoveAsync(c, tx, model, version, stage, ModelStage.Archived, now, userId, ct).ConfigureAwait(false);
    }

    /// <summary>The recorded changes of a model (or of one version), oldest first.</summary>
    public static async Task<IReadOnlyList<StageTransition>> HistoryAsync(DbConnection c, DbTransaction tx, long model, string name, long? version,
        CancellationToken ct)
    {
        var cmd = c.Sql($"""
            SELECT version, from_stage, to_stage, timestamp, user_id FROM stage_transitions
            WHERE model_id = @id{(version is null ? "" : " AND version = @version")} ORDER BY timestamp, transition_id
            """, tx).With("id", model);
        if (version is { } v) cmd.With("version", v);
        return await cmd.ListAsync(r => new StageTransition(name, TrackingCodec.Id(r.Long(0)), ModelStages.Parse(r.GetString(1)),
            ModelStages.Parse(r.GetString(2)), r.Long(3), r.IsDBNull(4) ? null : r.GetString(4)), ct).ConfigureAwait(false);
    }

    static Task<int> RecordAsync(DbConnection c, DbTransaction tx, long model, long version, ModelStage from, ModelStage to, long now,
        string? userId, CancellationToken ct) =>
        c.Sql("""
            INSERT INTO stage_transitions (model_id, version, from_stage, to_stage, timestamp, user_id)
            VALUES (@id, @version, @from, @to, @now, @user)
            """, tx).With("id", model).With("version", version).With("from", ModelStages.Name(from)).With("to", ModelStages.Name(to))
            .With("now", now).With("user", string.IsNullOrEmpty(userId) ? null : userId).ExecAsync(ct);
}
