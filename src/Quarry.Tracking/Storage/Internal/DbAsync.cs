using System.Data.Common;
using System.Globalization;

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

    // The typed getters skip boxing on the common path (every row of a long metric history goes through here); the
    // conversion covers columns whose engine type differs (e.g. PostgreSQL int4, a SQLite value stored as REAL).
    public static long Long(this DbDataReader reader, int ordinal) => reader.GetFieldType(ordinal) == typeof(long)
        ? reader.GetInt64(ordinal)
        : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long? NullableLong(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Long(ordinal);

    public static double Double(this DbDataReader reader, int ordinal) => reader.GetFieldType(ordinal) == typeof(double)
        ? reader.GetDouble(ordinal)
        : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
