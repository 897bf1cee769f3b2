using System.Globalization;
using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// Fails the Running trials whose last heartbeat is older than a grace period, on the database clock. Only Running
/// trials are updated (compare-and-set), so of two workers failing the same stale trial exactly one wins. Thread-safe.
/// </summary>
sealed class SqlStaleTrials(SqlRunner runner)
{
    SqlDialect Dialect => runner.Dialect;

    /// <summary>The ids of the trials this call failed; throws NotFound when the study does not exist.</summary>
    public List<long> Fail(long studyId, TimeSpan grace)
    {
        if (grace < TimeSpan.Zero) throw new QuarryException(ErrorCode.InvalidParameter, $"The heartbeat grace period must be ≥ 0 (got {grace}).");
        string fail = $"""
            UPDATE trials SET state = 'FAIL', datetime_complete = {Dialect.Now}
            WHERE state = 'RUNNING' AND trial_id IN (
                SELECT h.trial_id FROM trial_heartbeats h JOIN trials t ON t.trial_id = h.trial_id
                WHERE t.study_id = @s AND t.state = 'RUNNING' AND {Dialect.SecondsSince("h.heartbeat")} > @grace)
            RETURNING trial_id
            """;
        // PostgreSQL: one statement that also tells whether the study exists (no row) — nothing stale gives one NULL row.
        // SQLite: the same as two statements of one command (no socket to keep blocking there).
        string sql = Dialect.Kind == StoreKind.PostgreSql
            ? $"WITH f AS ({fail}) SELECT s.study_id, f.trial_id FROM studies s LEFT JOIN f ON TRUE WHERE s.study_id = @s"
            : $"SELECT study_id, NULL FROM studies WHERE study_id = @s; {fail}";
        var (exists, ids) = runner.Run(c =>
        {
            using var cmd = c.Sql(sql).With("s", studyId).With("grace", grace.TotalSeconds);
            using var r = cmd.ExecuteReader();
            bool found = false;
            var failed = new List<long>();
            do
            {
                while (r.Read())
                {
                    int column = r.FieldCount - 1;
                    if (r.FieldCount == 2) found = true;
                    if (!r.IsDBNull(column)) failed.Add(Convert.ToInt64(r.GetValue(column), CultureInfo.InvariantCulture));
                }
            } while (r.NextResult());
            return (found, failed);
        });
        return exists ? ids : throw StorageErrors.StudyNotFound(studyId);
    }
}
