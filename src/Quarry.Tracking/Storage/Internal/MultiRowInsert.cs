using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Multi-row <c>INSERT ... VALUES (…), (…)</c> statements, chunked so that no statement binds more than
/// <see cref="MaxParameters"/> parameters (SQLite's historical default limit).
/// </summary>
internal static class MultiRowInsert
{
    public const int MaxParameters = 999;

    /// <summary>Runs <c>{head} VALUES … {tail}</c> for <paramref name="rows"/>, each row giving one value per entry of <paramref name="types"/>.</summary>
    public static async Task RunAsync(DbConnection connection, DbTransaction tx, string head, string tail, DbType[] types,
        IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        int perStatement = MaxParameters / types.Length;
        for (int start = 0; start < rows.Count; start += perStatement)
        {
            int end = Math.Min(rows.Count, start + perStatement);
            var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            var sql = new StringBuilder(head).Append(" VALUES ");
            int n = 0;
            for (int r = start; r < end; r++)
            {
                sql.Append(r == start ? "(" : ", (");
                for (int col = 0; col < types.Length; col++, n++)
                {
                    string name = "p" + n.ToString(CultureInfo.InvariantCulture);
                    sql.Append(col == 0 ? "@" : ", @").Append(name);
                    var p = cmd.CreateParameter();
                    p.ParameterName = name;
                    p.DbType = types[col];
                    p.Value = rows[r][col] ?? DBNull.Value;
                    cmd.Parameters.Add(p);
                }
                sql.Append(')');
            }
            cmd.CommandText = sql.Append(' ').Append(tail).ToString();
            await cmd.ExecAsync(ct).ConfigureAwait(false);
        }
    }
}
