using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Quarry.Storage;

/// <summary>Small helpers that keep ADO.NET code short: commands with typed <c>@name</c> parameters. Both providers accept <c>@name</c>.</summary>
public static class DbExtensions
{
    /// <summary>
    /// A command with <paramref name="sql"/> on <paramref name="connection"/>, enlisted in <paramref name="transaction"/>
    /// when given. On a SQLite connection of a factory (<see cref="IConnectionFactory.Open"/>,
    /// <see cref="IConnectionFactory.OpenWriter"/>) it may be a command used before, still prepared: dispose it to hand
    /// it back.
    /// </summary>
    public static DbCommand Sql(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is StatementCachingSqliteConnection caching) return caching.Rent(sql, (SqliteTransaction?)transaction);
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        return cmd;
    }

    /// <summary>
    /// Makes disposing <paramref name="connection"/> close it rather than keep it for the next <see cref="IConnectionFactory.Open"/>
    /// (SQLite keeps quiet connections with their statements prepared): for a connection whose use failed.
    /// </summary>
    public static void Retire(this DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is StatementCachingSqliteConnection caching) caching.Retired = true;
    }

    /// <summary>
    /// On a SQLite connection of a factory (<see cref="IConnectionFactory.Open"/>,
    /// <see cref="IConnectionFactory.OpenWriter"/>): writes <paramref name="rows"/> in the current transaction with the
    /// multi-row statements <c>sqlFor(n)</c> (n rows' parameters each, bound by position to a statement prepared once per
    /// connection), taking n from <paramref name="chunks"/> largest first (end with 1), so that few statements are
    /// prepared and each execution carries many rows; sets <paramref name="changed"/> to the rows changed. On any other connection it does nothing and returns false (run a
    /// command instead).
    /// </summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">A statement failed (none of its rows are written; the statements before it stay).</exception>
    public static bool TryExecuteInChunks(this DbConnection connection, Func<int, string> sqlFor, int[] chunks, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken, out int changed)
    {
        ArgumentNullException.ThrowIfNull(sqlFor);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(rows);
        changed = -1;
        if (connection is not StatementCachingSqliteConnection writer) return false;
        changed = 0;
        int start = 0;
        foreach (int n in chunks)
        {
            int count = (rows.Count - start) / n * n;
            if (count == 0) continue;
            changed += writer.ExecuteRows(sqlFor(n), rows, start, count, n, cancellationToken);
            start += count;
        }
        return true;
    }

    /// <summary>Adds a 64-bit integer parameter.</summary>
    public static DbCommand With(this DbCommand command, string name, long value) => Add(command, name, value, DbType.Int64);

    /// <summary>Adds a 32-bit integer parameter.</summary>
    public static DbCommand With(this DbCommand command, string name, int value) => Add(command, name, value, DbType.Int32);

    /// <summary>Adds a double parameter; null becomes SQL NULL (typed, so PostgreSQL infers the column type).</summary>
    public static DbCommand With(this DbCommand command, string name, double? value) => Add(command, name, value, DbType.Double);

    /// <summary>Adds a text parameter; null becomes SQL NULL.</summary>
    public static DbCommand With(this DbCommand command, string name, string? value) => Add(command, name, value, DbType.String);

    static DbCommand Add(DbCommand command, string name, object? value, DbType type)
    {
        ArgumentNullException.ThrowIfNull(command);
        var p = command.CreateParameter();
        // Microsoft.Data.Sqlite looks a bare name up once per prefix (@, :, $) at every execution; a prefixed one once.
        p.ParameterName = command is SqliteCommand && name.Length > 0 && name[0] is not ('@' or ':' or '$') ? "@" + name : name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return command;
    }

    /// <summary>Runs a statement and returns the rows it changed.</summary>
    public static int Exec(this DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        using (command) return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and returns the first column of the first row, or null when there is no row or it is NULL.</summary>
    public static object? Scalar(this DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        using (command)
        {
            object? value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }
}
