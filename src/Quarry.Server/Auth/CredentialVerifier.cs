using System.Security.Cryptography;
using System.Text;

namespace Quarry.Server.Auth;

/// <summary>
/// Checks an <c>Authorization</c> header against <see cref="AuthOptions"/>: HTTP Basic (<c>user:password</c>) and
/// <c>Bearer</c> tokens. Secrets are kept as SHA-256 digests and compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> over fixed-length digests, every token and an absent user
/// included, so the time taken does not reveal how much of a secret matched. Thread-safe (immutable).
/// </summary>
internal sealed class CredentialVerifier
{
    readonly Dictionary<string, byte[]> _passwords;
    readonly byte[][] _tokens;
    readonly byte[] _absentUser = SHA256.HashData(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N")));

    public CredentialVerifier(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _passwords = options.Users.ToDictionary(u => u.Key, u => Digest(u.Value), StringComparer.Ordinal);
        _tokens = [.. options.Tokens.Select(Digest)];
    }

    /// <summary>The outcome of one check: the caller's name (a user, or <c>token</c>) or why it failed.</summary>
    public readonly record struct Outcome(string? Name, string? Failure);

    /// <summary>Verifies the header's credentials.</summary>
    public Outcome Verify(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
            return Fail("Authentication required: send HTTP Basic credentials (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD) " +
                        "or a bearer token (MLFLOW_TRACKING_TOKEN).");
        int space = authorization.IndexOf(' ', StringComparison.Ordinal);
        string scheme = space < 0 ? authorization : authorization[..space];
        string credentials = space < 0 ? "" : authorization[(space + 1)..].Trim();
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return VerifyBasic(credentials);
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return VerifyToken(credentials) ? new Outcome("token", null) : Fail("Invalid bearer token (fix: check MLFLOW_TRACKING_TOKEN).");
        return Fail($"Unsupported authorization scheme '{Shorten(scheme)}' (fix: use Basic or Bearer).");
    }

    Outcome VerifyBasic(string credentials)
    {
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credentials)); }
        catch (FormatException) { return Fail("Malformed Basic credentials: not base64 of 'user:password'."); }
        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return Fail("Malformed Basic credentials: no ':' between user and password.");
        string user = decoded[..colon];
        return VerifyPassword(user, decoded[(colon + 1)..]) ? new Outcome(user, null)
            : Fail("Invalid user name or password (fix: check MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD).");
    }

    /// <summary>True when <paramref name="user"/> exists and <paramref name="password"/> is theirs (the login form's check).</summary>
    public bool VerifyPassword(string user, string password)
    {
        var expected = _passwords.TryGetValue(user, out var digest) ? digest : _absentUser;
        bool match = CryptographicOperations.FixedTimeEquals(Digest(password), expected);
        return match && digest is not null;
    }

    bool VerifyToken(string token)
    {
        var candidate = Digest(token);
        bool match = false;
        // No early exit: every token is compared, so timing does not tell which one (or how many) were tried.
        foreach (var expected in _tokens) match |= CryptographicOperations.FixedTimeEquals(candidate, expected);
        return match && token.Length > 0;
    }

    static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    static Outcome Fail(string why) => new(null, why);

    static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
