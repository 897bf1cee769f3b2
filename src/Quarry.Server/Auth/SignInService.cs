namespace Quarry.Server.Auth;

/// <summary>
/// What authentication needs on a server with <see cref="ServerOptions.Auth"/> set: the credential check, the session
/// cookie, the login throttle and the clock. Registered only then; thread-safe.
/// </summary>
internal sealed class SignInService(AuthOptions options, TimeProvider time)
{
    /// <summary>How long a failed sign-in waits before the form is shown again (slows guessing).</summary>
    public static readonly TimeSpan FailureDelay = TimeSpan.FromMilliseconds(400);

    /// <summary>Checks passwords and Authorization headers.</summary>
    public CredentialVerifier Verifier { get; } = new(options);

    /// <summary>Issues and checks the sign-in cookie.</summary>
    public SessionCookie Sessions { get; } = new(time);

    /// <summary>Counts failed sign-ins per client.</summary>
    public LoginThrottle Throttle { get; } = new(time);

    /// <summary>The server's clock.</summary>
    public TimeProvider Time { get; } = time;
}
