namespace Quarry.Core;

/// <summary>What kind of failure a <see cref="QuarryException"/> reports; each boundary maps it once (exit code, HTTP status).</summary>
public enum ErrorCode
{
    /// <summary>A value supplied by the caller is invalid (bad option, unknown parameter, malformed input).</summary>
    InvalidParameter,
    /// <summary>Input data (a file or series) violates a rule: unparseable, unsorted, non-positive prices.</summary>
    InvalidData,
    /// <summary>Something named by the caller does not exist.</summary>
    NotFound,
    /// <summary>Something the caller wants to create already exists.</summary>
    AlreadyExists,
    /// <summary>The operation is not allowed in the current state.</summary>
    InvalidState,
}
