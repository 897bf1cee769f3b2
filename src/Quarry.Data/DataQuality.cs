using Quarry.Core;
using Quarry.Data.Internal;

namespace Quarry.Data;

/// <summary>
/// Describes the quality of bar data: coverage, inferred interval, calendar gaps, zero volume, price jumps and flat
/// bars, and, for files, every row problem instead of only the first. Expected findings are values in the
/// <see cref="DataQualityReport"/>, not exceptions. Thread-safe.
/// </summary>
public static class DataQuality
{
    /// <summary>Computes the statistics of a loaded series. Allocates the report and a scratch array of spacings.</summary>
    /// <param name="series">The bars, oldest first.</param>
    /// <param name="options">Thresholds, or null for the defaults.</param>
    /// <returns>The report, with <see cref="DataQualityReport.Source"/> set to the symbol and no issues.</returns>
    public static DataQualityReport Check(BarSeries series, DataQualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= DataQualityOptions.Default;
        options.Validate();
        return Analyze(series, series.Symbol, options);
    }

    /// <summary>
    /// Reads a CSV or Parquet file through the same parsing and validation as <see cref="MarketData.Load"/>, but
    /// collects every problem (up to <see cref="DataQualityOptions.MaxIssues"/> listed, all counted) instead of
    /// throwing the first. When the file has no problems, the report also has the statistics of <see cref="Check"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it, as for <see cref="MarketData.Load"/>.</param>
    /// <param name="quality">Thresholds, or null for the defaults.</param>
    /// <exception cref="QuarryException">The file does not exist (<see cref="ErrorCode.NotFound"/>) or an option is
    /// invalid (<see cref="ErrorCode.InvalidParameter"/>).</exception>
    public static DataQualityReport CheckFile(string path, CsvOptions? options = null, DataQualityOptions? quality = null)
    {
        quality ??= DataQualityOptions.Default;
        quality.Validate();
        var sink = new CollectingIssueSink(path, quality.MaxIssues);
        var series = BarFileReader.Read(path, options ?? CsvOptions.Default, sink);
        var report = series is null
            ? new DataQualityReport { Source = path, JumpThreshold = quality.JumpThreshold }
            : Analyze(series, path, quality);
        return report with { Issues = sink.Issues, IssueCount = sink.Count };
    }

    static DataQualityReport Analyze(BarSeries s, string source, DataQualityOptions options)
    {
        var median = Classifier.MedianSpacing(s.Time);
        var interval = Classifier.Classify(median);
        int zeroVolume = CountZeroVolume(s);
        return new DataQualityReport
        {
            Source = source,
            Rows = s.Count,
            First = s.Count > 0 ? s.Time[0] : null,
            Last = s.Count > 0 ? s.Time[^1] : null,
            Interval = interval,
            MedianSpacing = median,
            Gaps = GapFinder.Find(s.Time, interval, median, options.ToleratedMissingWeekdays),
            ZeroVolumeBars = zeroVolume,
            AllVolumeZero = s.Count > 0 && zeroVolume == s.Count,
            JumpThreshold = options.JumpThreshold,
            Jumps = FindJumps(s, options.JumpThreshold),
            FlatBars = CountFlat(s),
        };
    }

    static int CountZeroVolume(BarSeries s)
    {
        int count = 0;
        foreach (var v in s.Volume) if (v == 0) count++;
        return count;
    }

    static int CountFlat(BarSeries s)
    {
        int count = 0;
        for (int i = 0; i < s.Count; i++)
            if (s.Open[i] == s.Close[i] && s.High[i] == s.Close[i] && s.Low[i] == s.Close[i]) count++;
        return count;
    }

    static List<PriceJump> FindJumps(BarSeries s, double threshold)
    {
        var jumps = new List<PriceJump>();
        for (int i = 1; i < s.Count; i++)
        {
            double r = s.Close[i] / s.Close[i - 1] - 1;
            if (Math.Abs(r) > threshold) jumps.Add(new PriceJump(s.Time[i], r));
        }
        return jumps;
    }
}
