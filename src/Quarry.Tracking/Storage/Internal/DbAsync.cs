using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Async companions of <see cref="Quarry.Storage.DbExtensions"/>.</summary>
internal static class DbAsync
{
    public static async Task<int> ExecAsync(this DbCommand command, CancellationToken ct)
    {
        await using (command.ConfigureAwait(false)) return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(this DbCommand command, CancellationToken ct)
    {
        await using (command.ConfigureAwait(false))
        {
            object? value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }

    public static async Task<List<T>> ListAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<T>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false)) list.Add(read(reader));
                return list;
            }
        }
    }

    // Typed getters without boxing on the hot paths (every point of a metric history goes through here). SQLite
    // converts any stored class itself (sqlite3_column_int64 / _double); other engines take the typed getter when the
    // column has that type and convert otherwise (e.g. a PostgreSQL int4).
    public static long Long(this DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader || reader.GetFieldType(ordinal) == typeof(long)
            ? reader.GetInt64(ordinal)
            : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long? NullableLong(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Long(ordinal);

    public static double Double(this DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader || reader.GetFieldType(ordinal) == typeof(double)
            ? reader.GetDouble(ordinal)
            : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
