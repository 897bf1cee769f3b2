using System.Globalization;
using Quarry.Core;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Conversions between the records and the columns.</summary>
internal static class TrackingCodec
{
    public const string RunNameTag = "mlflow.runName";

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown run status {(int)status} (expected RUNNING, SCHEDULED, FINISHED, FAILED or KILLED)."),
    };

    public static RunStatus Status(string text) => text switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => throw new QuarryException(ErrorCode.InvalidData, $"Unknown run status '{text}' in the tracking store."),
    };

    /// <summary>The stored value and is_nan flag of a metric value (NaN is stored as 0 with is_nan = 1).</summary>
    public static (double Value, int IsNan) Store(double value) => double.IsNaN(value) ? (0, 1) : (value, 0);

    public static double Load(double value, long isNan) => isNan != 0 ? double.NaN : value;

    /// <summary>An experiment id as the integer key; NotFound-style errors for anything that is not one.</summary>
    public static bool TryExperimentKey(string? experimentId, out long key) =>
        long.TryParse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture, out key);

    public static string Id(long key) => key.ToString(CultureInfo.InvariantCulture);

    static readonly string[] Adjectives = ["amber", "bold", "calm", "brisk", "clever", "daring", "eager", "gentle", "keen", "lucky", "merry", "quiet", "rapid", "sly", "steady", "wise"];
    static readonly string[] Animals = ["ant", "bear", "cat", "crab", "deer", "eel", "fox", "hawk", "lynx", "mole", "owl", "ram", "seal", "swan", "wolf", "yak"];

    /// <summary>MLflow-style generated run name <c>adjective-animal-123</c>.</summary>
    public static string GeneratedRunName(Random random) =>
        $"{Adjectives[random.Next(Adjectives.Length)]}-{Animals[random.Next(Animals.Length)]}-{random.Next(1000).ToString(CultureInfo.InvariantCulture)}";
}
