namespace Quarry.Core;

/// <summary>
/// The base of every error Quarry's libraries throw on purpose. The message says what is wrong,
/// where, and how to fix it; <see cref="Code"/> says what kind of error it is.
/// </summary>
public class QuarryException : Exception
{
    /// <summary>Creates an error with a code and a complete, user-facing message.</summary>
    public QuarryException(ErrorCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    /// <summary>The kind of error.</summary>
    public ErrorCode Code { get; }
}
