using Quarry.Core;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>How states, directions and doubles are written to the SQL tables (Optuna's encoding: a value column plus a type tag).</summary>
static class SqlCodec
{
    public const string Finite = "FINITE", InfPos = "INF_POS", InfNeg = "INF_NEG", NaN = "NAN";

    /// <summary>The (value, type) pair stored for <paramref name="value"/>: ±∞ and NaN are NULL plus a tag, so every engine keeps them.</summary>
    public static (double? Value, string? Type) Encode(double? value) => value switch
    {
        null => (null, null),
        double v when double.IsNaN(v) => (null, NaN),
        double.PositiveInfinity => (null, InfPos),
        double.NegativeInfinity => (null, InfNeg),
        double v => (v, Finite),
    };

    /// <summary>The double stored as (<paramref name="value"/>, <paramref name="type"/>).</summary>
    public static double? Decode(double? value, string? type) => type switch
    {
        null => null,
        Finite => value ?? throw Corrupt($"a FINITE value is NULL"),
        InfPos => double.PositiveInfinity,
        InfNeg => double.NegativeInfinity,
        NaN => double.NaN,
        _ => throw Corrupt($"unknown value type '{type}'"),
    };

    public static string State(TrialState state) => state switch
    {
        TrialState.Running => "RUNNING",
        TrialState.Waiting => "WAITING",
        TrialState.Complete => "COMPLETE",
        TrialState.Pruned => "PRUNED",
        TrialState.Fail => "FAIL",
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown trial state {state}."),
    };

    public static TrialState State(string text) => text switch
    {
        "RUNNING" => TrialState.Running,
        "WAITING" => TrialState.Waiting,
        "COMPLETE" => TrialState.Complete,
        "PRUNED" => TrialState.Pruned,
        "FAIL" => TrialState.Fail,
        _ => throw Corrupt($"unknown trial state '{text}'"),
    };

    public static string Direction(StudyDirection direction) => direction switch
    {
        StudyDirection.Minimize => "MINIMIZE",
        StudyDirection.Maximize => "MAXIMIZE",
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown study direction {direction}."),
    };

    public static StudyDirection Direction(string text) => text switch
    {
        "MINIMIZE" => StudyDirection.Minimize,
        "MAXIMIZE" => StudyDirection.Maximize,
        _ => throw Corrupt($"unknown study direction '{text}'"),
    };

    static QuarryException Corrupt(string what) => new(ErrorCode.InvalidData, $"The optimization tables hold {what} (was the database written by another program?).");
}
