using Quarry.Core;

namespace Quarry.Analytics.Tests;

/// <summary>Small helpers shared by the analytics tests.</summary>
internal static class TestData
{
    public static DateTime D(string iso) => DateTime.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTime[] Dates(params string[] iso) => [.. iso.Select(D)];

    public static TimeSeries Series(string name, string[] iso, double[] values) => new(name, Dates(iso), values);

    /// <summary>Consecutive business days (Mon–Fri) starting at <paramref name="start"/>.</summary>
    public static DateTime[] BusinessDays(DateTime start, int count)
    {
        var days = new List<DateTime>();
        for (var d = start; days.Count < count; d = d.AddDays(1))
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday) days.Add(d);
        return [.. days];
    }

    /// <summary>Element-wise equality within <paramref name="tolerance"/> (NaN equals NaN).</summary>
    public static void Close(double[] expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(actual[i]), $"[{i}]: expected NaN, got {actual[i]}");
            else Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>The repository root (the folder holding Quarry.slnx), found by walking up from the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Quarry.slnx not found above " + AppContext.BaseDirectory);
    }
}
