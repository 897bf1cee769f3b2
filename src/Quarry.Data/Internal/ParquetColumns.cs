using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace Quarry.Data.Internal;

/// <summary>Reads Parquet columns into plain arrays: timestamps of any Parquet time encoding, numbers of any numeric type.</summary>
internal static class ParquetColumns
{
    /// <summary>Whether <see cref="ReadNumbersAsync"/> can read the field.</summary>
    public static bool IsNumeric(DataField field) =>
        field.ClrType == typeof(double) || field.ClrType == typeof(float) || field.ClrType == typeof(long)
        || field.ClrType == typeof(int) || field.ClrType == typeof(decimal);

    /// <summary>Reads numbers as doubles; nulls become NaN.</summary>
    public static Task ReadNumbersAsync(ParquetRowGroupReader group, DataField field, Memory<double> destination,
        CancellationToken ct)
    {
        var type = field.ClrType;
        if (type == typeof(double)) return ReadAsync<double>(group, field, destination, ct);
        if (type == typeof(float)) return ReadAsync<float>(group, field, destination, ct);
        if (type == typeof(long)) return ReadAsync<long>(group, field, destination, ct);
        if (type == typeof(int)) return ReadAsync<int>(group, field, destination, ct);
        return ReadAsync<decimal>(group, field, destination, ct);
    }

    /// <summary>Reads timestamps with <see cref="DateTimeKind.Unspecified"/>; nulls become null.</summary>
    public static async Task ReadTimesAsync(ParquetRowGroupReader group, DataField field, Memory<DateTime?> destination,
        CancellationToken ct)
    {
        if (field.IsNullable)
            await group.ReadAsync<DateTime>(field, destination, null, ct).ConfigureAwait(false);
        else
        {
            var values = new DateTime[destination.Length];
            await group.ReadAsync<DateTime>(field, values, null, ct).ConfigureAwait(false);
            for (int i = 0; i < values.Length; i++) destination.Span[i] = values[i];
        }
        var span = destination.Span;
        for (int i = 0; i < span.Length; i++)
            if (span[i] is { } t) span[i] = DateTime.SpecifyKind(t, DateTimeKind.Unspecified);
    }

    static async Task ReadAsync<T>(ParquetRowGroupReader group, DataField field, Memory<double> destination,
        CancellationToken ct) where T : struct, INumberBase<T>
    {
        if (field.IsNullable)
        {
            var values = new T?[destination.Length];
            await group.ReadAsync<T>(field, values, null, ct).ConfigureAwait(false);
            for (int i = 0; i < values.Length; i++)
                destination.Span[i] = values[i] is { } v ? double.CreateTruncating(v) : double.NaN;
        }
        else
        {
            var values = new T[destination.Length];
            await group.ReadAsync<T>(field, values, null, ct).ConfigureAwait(false);
            for (int i = 0; i < values.Length; i++) destination.Span[i] = double.CreateTruncating(values[i]);
        }
    }
}
