using System.Globalization;
using Quarry.Core;

namespace Quarry.Cli.Commands;

/// <summary>Reads an equity curve CSV: a date column and the equity in the second column (or a column named "equity").</summary>
internal static class EquityFile
{
    public static TimeSeries Load(string path)
    {
        if (!File.Exists(path)) throw new QuarryException(ErrorCode.NotFound, $"Equity file '{path}' does not exist (check the path).");
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2) throw new DataException(path, 1, null, "the file has no data rows", "write a header and one row per date");
        var header = lines[0].Split(',', StringSplitOptions.TrimEntries);
        int column = Array.FindIndex(header, h => h.Equals("equity", StringComparison.OrdinalIgnoreCase));
        if (column < 0) column = 1;
        if (header.Length <= column) throw new DataException(path, 1, null, $"expected at least two columns, found '{lines[0]}'", "use date,equity");
        var time = new List<DateTime>();
        var values = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            if (fields.Length <= column) throw new DataException(path, i + 1, header[column], "missing value", "every row needs a date and an equity value");
            if (!DateTime.TryParse(fields[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                throw new DataException(path, i + 1, header[0], $"'{fields[0]}' is not a date", "use yyyy-MM-dd");
            if (!double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0))
                throw new DataException(path, i + 1, header[column], $"'{fields[column]}' is not a positive number", "equity must be > 0");
            if (time.Count > 0 && t <= time[^1])
                throw new DataException(path, i + 1, header[0], $"{fields[0]} is not after the previous row", "sort the rows by date, without duplicates");
            time.Add(t);
            values.Add(v);
        }
        return new TimeSeries(Path.GetFileNameWithoutExtension(path), [.. time], [.. values]);
    }
}
