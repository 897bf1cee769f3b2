using Quarry.Core;

namespace Quarry.Tracking.Rest;

/// <summary>
/// The one table between Quarry's <see cref="ErrorCode"/> and MLflow's error codes and HTTP statuses (spec
/// <c>mlflow-rest.md</c> §0.1), used by the server to answer and by <c>RestTrackingStore</c> to raise the same
/// exception a local store would. Thread-safe; allocation-free.
/// </summary>
public static class MlflowErrors
{
    /// <summary>The extra key of an error body that carries Quarry's <see cref="ErrorCode"/> name, for exact round trips.</summary>
    public const string QuarryCodeKey = "quarry_code";

    /// <summary>
    /// The MLflow error code and HTTP status a server answers for a Quarry error. Writes to deleted runs
    /// (<see cref="ErrorCode.InvalidState"/>) answer <c>INVALID_PARAMETER_VALUE</c> (400) as MLflow does: MLflow's
    /// <c>INVALID_STATE</c> is a 500 that clients would retry.
    /// </summary>
    public static (string Code, int Status) ToMlflow(ErrorCode code) => code switch
    {
        ErrorCode.NotFound => ("RESOURCE_DOES_NOT_EXIST", 404),
        ErrorCode.AlreadyExists => ("RESOURCE_ALREADY_EXISTS", 400),
        _ => ("INVALID_PARAMETER_VALUE", 400),
    };

    /// <summary>MLflow's HTTP status for an error code name (<c>ERROR_CODE_TO_HTTP_STATUS</c>); unknown codes are 500.</summary>
    public static int HttpStatus(string mlflowCode) => mlflowCode switch
    {
        "INVALID_PARAMETER_VALUE" or "BAD_REQUEST" or "RESOURCE_ALREADY_EXISTS" or "MALFORMED_REQUEST" => 400,
        "CUSTOMER_UNAUTHORIZED" or "UNAUTHENTICATED" => 401,
        "PERMISSION_DENIED" => 403,
        "RESOURCE_DOES_NOT_EXIST" or "NOT_FOUND" or "ENDPOINT_NOT_FOUND" => 404,
        "ALREADY_EXISTS" or "RESOURCE_CONFLICT" or "ABORTED" => 409,
        "REQUEST_LIMIT_EXCEEDED" or "RESOURCE_EXHAUSTED" => 429,
        "CANCELLED" => 499,
        "NOT_IMPLEMENTED" => 501,
        "TEMPORARILY_UNAVAILABLE" => 503,
        "DEADLINE_EXCEEDED" => 504,
        _ => 500,
    };

    /// <summary>
    /// The Quarry error for an MLflow error body: the <c>quarry_code</c> name when present and known, else mapped
    /// from the MLflow code (not found → NotFound, already exists → AlreadyExists, invalid parameter / bad request →
    /// InvalidParameter, everything else → InvalidState).
    /// </summary>
    public static ErrorCode FromMlflow(string? mlflowCode, string? quarryCode)
    {
        if (quarryCode is not null && Enum.TryParse(quarryCode, ignoreCase: false, out ErrorCode exact) && Enum.IsDefined(exact))
            return exact;
        return mlflowCode switch
        {
            "RESOURCE_DOES_NOT_EXIST" or "NOT_FOUND" or "ENDPOINT_NOT_FOUND" => ErrorCode.NotFound,
            "RESOURCE_ALREADY_EXISTS" or "ALREADY_EXISTS" => ErrorCode.AlreadyExists,
            "INVALID_PARAMETER_VALUE" or "BAD_REQUEST" or "MALFORMED_REQUEST" => ErrorCode.InvalidParameter,
            _ => ErrorCode.InvalidState,
        };
    }

    /// <summary>MLflow's error code name for its proto number (<c>databricks.proto</c>); null when unknown.</summary>
    public static string? CodeName(long number) => number switch
    {
        1 => "INTERNAL_ERROR",
        2 => "TEMPORARILY_UNAVAILABLE",
        4 => "BAD_REQUEST",
        7 => "DEADLINE_EXCEEDED",
        8 => "CANCELLED",
        9 => "RESOURCE_EXHAUSTED",
        10 => "ABORTED",
        11 => "NOT_FOUND",
        12 => "ALREADY_EXISTS",
        13 => "UNAUTHENTICATED",
        1000 => "INVALID_PARAMETER_VALUE",
        1001 => "ENDPOINT_NOT_FOUND",
        1002 => "MALFORMED_REQUEST",
        1003 => "INVALID_STATE",
        1004 => "PERMISSION_DENIED",
        1005 => "FEATURE_DISABLED",
        1006 => "CUSTOMER_UNAUTHORIZED",
        1007 => "REQUEST_LIMIT_EXCEEDED",
        1008 => "RESOURCE_CONFLICT",
        1010 => "NOT_IMPLEMENTED",
        1011 => "DATA_LOSS",
        3001 => "RESOURCE_ALREADY_EXISTS",
        3002 => "RESOURCE_DOES_NOT_EXIST",
        _ => null,
    };

    /// <summary>MLflow's "Missing value for required parameter 'X'…" as an InvalidParameter error.</summary>
    public static QuarryException MissingParameter(string name) => new(ErrorCode.InvalidParameter,
        $"Missing value for required parameter '{name}'. See the API docs for more information about request parameters.");

    /// <summary>MLflow's "Invalid value V for parameter 'X' supplied. Hint: Value was of type 'T'…" as an InvalidParameter error.</summary>
    /// <param name="name">The parameter (field) name.</param>
    /// <param name="value">The value as the caller sent it (JSON text or query-string text).</param>
    /// <param name="pythonType">The type name MLflow would print: <c>str</c>, <c>int</c>, <c>float</c>, <c>bool</c>, <c>list</c>, <c>dict</c>.</param>
    public static QuarryException InvalidValue(string name, string value, string pythonType) => new(ErrorCode.InvalidParameter,
        $"Invalid value {Shorten(value)} for parameter '{name}' supplied. Hint: Value was of type '{pythonType}'. " +
        "See the API docs for more information about request parameters.");

    static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
