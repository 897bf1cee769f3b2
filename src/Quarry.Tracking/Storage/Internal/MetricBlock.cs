using System.Buffers.Binary;
using Quarry.Core;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// The stored form of one key's points from one log-batch (a row of <c>metric_blocks</c>): a format byte (1), then
/// the steps, the timestamps and the values, each as n little-endian 8-byte numbers (NaN as the canonical NaN).
/// </summary>
internal static class MetricBlock
{
    const byte Format = 1;
    const int PointBytes = 24;

    /// <summary>Encodes the points of three columns of equal length.</summary>
    public static byte[] Encode(ReadOnlySpan<long> steps, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        int n = steps.Length;
        var data = new byte[1 + n * PointBytes];
        data[0] = Format;
        var body = data.AsSpan(1);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(body[(i * 8)..], steps[i]);
            BinaryPrimitives.WriteInt64LittleEndian(body[((n + i) * 8)..], timestamps[i]);
            BinaryPrimitives.WriteDoubleLittleEndian(body[((2 * n + i) * 8)..], double.IsNaN(values[i]) ? double.NaN : values[i]);
        }
        return data;
    }

    /// <summary>Appends the points of <paramref name="data"/> to <paramref name="into"/>; InvalidState when it is not a block.</summary>
    public static void Decode(ReadOnlySpan<byte> data, MetricSeriesBuilder into, string runId, string key)
    {
        if (data.Length == 0 || data[0] != Format || (data.Length - 1) % PointBytes != 0)
            throw new QuarryException(ErrorCode.InvalidState,
                $"A stored history block of metric '{key}' of run {runId} is damaged ({data.Length} bytes, format {(data.Length > 0 ? data[0] : -1)}); " +
                "(fix: restore the tracking database from a backup).");
        var body = data[1..];
        int n = body.Length / PointBytes;
        for (int i = 0; i < n; i++)
            into.Add(BinaryPrimitives.ReadInt64LittleEndian(body[(i * 8)..]),
                BinaryPrimitives.ReadInt64LittleEndian(body[((n + i) * 8)..]),
                BinaryPrimitives.ReadDoubleLittleEndian(body[((2 * n + i) * 8)..]));
    }
}
