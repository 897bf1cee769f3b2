using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Quarry.Server.Auth;

/// <summary>
/// The dashboard's sign-in cookie: <c>base64url(user).expiry.base64url(HMAC-SHA256(key, base64url(user).expiry))</c>,
/// expiry in Unix seconds, signed with a key drawn at random when the server starts (so a restart signs everyone out
/// and no secret is stored). The signature is checked with <see cref="CryptographicOperations.FixedTimeEquals"/> before
/// anything in the value is trusted. HttpOnly, SameSite=Strict, Secure on HTTPS. Thread-safe (immutable key).
/// </summary>
internal sealed class SessionCookie(TimeProvider time)
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "quarry_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>A value for <paramref name="user"/> that expires at <paramref name="expires"/>.</summary>
    public string Issue(string user, DateTimeOffset expires)
    {
        string payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(user)) + "." +
                         expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return payload + "." + Base64Url.EncodeToString(Sign(payload));
    }

    /// <summary>The user a cookie value names, or null when it is malformed, not signed by this server, or expired.</summary>
    public string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 1024) return null;
        int dot = value.LastIndexOf('.');
        if (dot <= 0) return null;
        string payload = value[..dot];
        byte[] signature;
        try { signature = Base64Url.DecodeFromChars(value.AsSpan(dot + 1)); }
        catch (FormatException) { return null; }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(payload))) return null;
        int first = payload.IndexOf('.', StringComparison.Ordinal);
        if (first <= 0 || !long.TryParse(payload.AsSpan(first + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long expiry)) return null;
        if (expiry <= time.GetUtcNow().ToUnixTimeSeconds()) return null;
        return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload.AsSpan(0, first)));
    }

    /// <summary>The user the request's cookie names, or null.</summary>
    public string? Read(HttpRequest request) => Validate(request.Cookies[Name]);

    /// <summary>Signs <paramref name="user"/> in on the response: a cookie valid for <see cref="Lifetime"/>.</summary>
    public void Append(HttpContext context, string user)
    {
        var expires = time.GetUtcNow() + Lifetime;
        context.Response.Cookies.Append(Name, Issue(user, expires), Options(context, expires));
    }

    /// <summary>Signs out: the cookie is replaced by an expired, empty one.</summary>
    public void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context, DateTimeOffset.UnixEpoch));

    static CookieOptions Options(HttpContext context, DateTimeOffset expires) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/", Expires = expires, IsEssential = true,
    };

    byte[] Sign(string payload) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload));
}
