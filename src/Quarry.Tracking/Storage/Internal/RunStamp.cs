using System.Data.Common;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Marks, inside a write transaction, what the runs search index (<see cref="Search.Index.RunSearchIndex"/>) must
/// re-read. SQLite runs one writer at a time, so a run's stamp is its experiment's highest stamp + 1: monotone in commit
/// order, and a reader that saw a highest stamp M finds every later change at <c>stamp &gt; M</c>. PostgreSQL commits
/// concurrent writers in any order, so the stamp is the writer's transaction id: every transaction that commits after
/// a snapshot was taken has an id at least that snapshot's xmin, and the index re-reads <c>stamp &gt;= xmin</c>.
/// </summary>
internal static class RunStamp
{
    /// <summary>The stamp of a run changed by the current write transaction, as an expression on the run's <c>runs</c> row.</summary>
    public static string NextStamp(SqlDialect dialect) => dialect.Kind == StoreKind.PostgreSql
        ? "pg_current_xact_id()::text::bigint"
        : "(SELECT COALESCE(MAX(s.change_stamp), 0) + 1 FROM runs s WHERE s.experiment_id = runs.experiment_id)";

    /// <summary>The stamp of a run inserted by the current write transaction into the experiment bound as <c>@experiment</c>.</summary>
    public static string NewRunStamp(SqlDialect dialect) => dialect.Kind == StoreKind.PostgreSql
        ? "pg_current_xact_id()::text::bigint"
        : "(SELECT COALESCE(MAX(s.change_stamp), 0) + 1 FROM runs s WHERE s.experiment_id = @experiment)";

    /// <summary>
    /// Stamps the run as changed by this transaction, for writes that do not lock it first (a write that calls
    /// <see cref="BatchWriter.LockRunAsync"/> is stamped by it).
    /// </summary>
    public static Task TouchAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, string runId, CancellationToken ct) =>
        c.Sql($"UPDATE runs SET change_stamp = {NextStamp(dialect)} WHERE run_uuid = @run", tx).With("run", runId).ExecAsync(ct);

    /// <summary>
    /// Bumps the change generation of the run's experiment, which makes every index of it rebuild: for a run about to be
    /// hard-deleted (call it before the DELETE), whose absence no stamp can record.
    /// </summary>
    public static Task RunPurgingAsync(DbConnection c, DbTransaction tx, string runId, CancellationToken ct) =>
        c.Sql("""
            UPDATE experiments SET change_generation = change_generation + 1
            WHERE experiment_id = (SELECT experiment_id FROM runs WHERE run_uuid = @run)
            """, tx).With("run", runId).ExecAsync(ct);

    /// <summary>Bumps the experiment's change generation (its indexes rebuild): for changes to many of its runs at once.</summary>
    public static Task ExperimentChangedAsync(DbConnection c, DbTransaction tx, long experimentId, CancellationToken ct) =>
        c.Sql("UPDATE experiments SET change_generation = change_generation + 1 WHERE experiment_id = @id", tx)
            .With("id", experimentId).ExecAsync(ct);
}
