using Quarry.Core;
using Quarry.Tracking.Artifacts;

namespace Quarry.Tracking.Tests.Artifacts;

public class ArtifactPathTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData(".", "")]
    [InlineData("model/MLmodel", "model/MLmodel")]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("a%2Fb%20c.txt", "a/b c.txt")]
    [InlineData("100%.txt", "100%.txt")]
    [InlineData("..data/x..y", "..data/x..y")]
    public void Validate_returns_the_canonical_relative_path(string? path, string expected) =>
        Assert.Equal(expected, ArtifactPath.Validate(path));

    [Theory]
    [InlineData("../escape.txt", "'..' segment")]
    [InlineData("a/../../escape.txt", "'..' segment")]
    [InlineData("a/..", "'..' segment")]
    [InlineData("%2e%2e/escape.txt", "'..' segment")]
    [InlineData("%2E%2E%2Fescape.txt", "'..' segment")]
    [InlineData("%252e%252e/escape.txt", "'..' segment")]
    [InlineData("..%2Fescape.txt", "'..' segment")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("%2Fetc%2Fpasswd", "absolute")]
    [InlineData("C:/Windows/x", "drive letter")]
    [InlineData("a\\..\\..\\x", "backslash")]
    [InlineData("a%5C..%5Cx", "backslash")]
    [InlineData("a\0b", "NUL")]
    [InlineData("a%00b", "NUL")]
    [InlineData("a\nb", "U+000A")]
    public void Validate_rejects_paths_that_could_leave_the_root(string path, string reason)
    {
        var e = Assert.Throws<QuarryException>(() => ArtifactPath.Validate(path, "path"));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("'path'", e.Message, StringComparison.Ordinal);
        Assert.Contains("fix:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_path_still_encoded_after_ten_rounds()
    {
        string path = "..";
        for (int i = 0; i < 11; i++) path = Uri.EscapeDataString(path).Replace(".", "%2E", StringComparison.Ordinal);
        var e = Assert.Throws<QuarryException>(() => ArtifactPath.Validate(path));
        Assert.Contains("10 rounds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_name_over_255_bytes() =>
        Assert.Contains("255 bytes", Assert.Throws<QuarryException>(() => ArtifactPath.Validate("dir/" + new string('é', 128))).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Validate_is_idempotent()
    {
        foreach (var path in new[] { "a%2Fb", "x/./y//z/", "a%2541" })
        {
            string once = ArtifactPath.Validate(path);
            Assert.Equal(once, ArtifactPath.Validate(once));
        }
    }

    [Fact]
    public void ValidateNonRoot_refuses_the_root() =>
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => ArtifactPath.ValidateNonRoot("./")).Code);

    [Theory]
    [InlineData("mlflow-artifacts:/1/0123abcd/artifacts", "1/0123abcd/artifacts")]
    [InlineData("mlflow-artifacts://localhost:5000/1/0123abcd/artifacts", "1/0123abcd/artifacts")]
    [InlineData("mlflow-artifacts:/", "")]
    public void ProxiedArtifactUri_maps_to_a_path_under_the_root(string uri, string expected)
    {
        Assert.True(ProxiedArtifactUri.TryGetPath(uri, out var path));
        Assert.Equal(expected, path);
        Assert.True(ProxiedArtifactUri.TryGetPath(ProxiedArtifactUri.For(path), out var again));
        Assert.Equal(expected, again);
    }

    [Fact]
    public void ProxiedArtifactUri_ignores_other_schemes_and_rejects_traversal()
    {
        Assert.False(ProxiedArtifactUri.TryGetPath("file:///tmp/x", out _));
        Assert.False(ProxiedArtifactUri.TryGetPath("s3://bucket/x", out _));
        Assert.Throws<QuarryException>(() => ProxiedArtifactUri.TryGetPath("mlflow-artifacts:/1/../../etc", out _));
    }
}
