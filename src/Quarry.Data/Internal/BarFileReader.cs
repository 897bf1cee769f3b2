using Quarry.Core;

namespace Quarry.Data.Internal;

/// <summary>Chooses the reader by file extension.</summary>
internal static class BarFileReader
{
    public static BarSeries? Read(string path, CsvOptions options, IssueSink sink) =>
        IsParquet(path)
            ? ParquetBarReader.ReadAsync(path, options, sink, CancellationToken.None).GetAwaiter().GetResult()
            : CsvBarReader.Read(path, options, sink);

    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
}
