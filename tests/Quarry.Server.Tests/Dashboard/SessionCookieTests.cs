using Quarry.Server.Auth;

namespace Quarry.Server.Tests.Dashboard;

public sealed class SessionCookieTests
{
    sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_cookie_names_its_user_until_it_expires()
    {
        var clock = new Clock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cookies = new SessionCookie(clock);
        string value = cookies.Issue("ada:lovelace é", clock.Now.AddHours(1));
        Assert.Equal("ada:lovelace é", cookies.Validate(value));
        clock.Now = clock.Now.AddMinutes(59);
        Assert.Equal("ada:lovelace é", cookies.Validate(value));
        clock.Now = clock.Now.AddMinutes(1);
        Assert.Null(cookies.Validate(value)); // expired at the second it names
    }

    [Fact]
    public void A_cookie_from_another_server_or_altered_is_rejected()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch.AddYears(56));
        var cookies = new SessionCookie(clock);
        string value = cookies.Issue("ada", clock.Now.AddHours(1));
        Assert.Null(new SessionCookie(clock).Validate(value)); // another key
        var parts = value.Split('.');
        Assert.Null(cookies.Validate(parts[0] + "." + (long.Parse(parts[1]) + 1) + "." + parts[2]));
        Assert.Null(cookies.Validate(parts[0] + "." + parts[1]));
        Assert.Null(cookies.Validate(parts[0] + "." + parts[1] + ".%%%"));
        Assert.Null(cookies.Validate(""));
        Assert.Null(cookies.Validate(null));
    }

    [Fact]
    public void The_login_throttle_refuses_after_ten_failures_until_the_window_passes()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch);
        var throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.True(throttle.Allows("10.0.0.1"));
            throttle.Fail("10.0.0.1");
        }
        Assert.False(throttle.Allows("10.0.0.1"));
        Assert.True(throttle.Allows("10.0.0.2"));
        clock.Now += LoginThrottle.Window;
        Assert.True(throttle.Allows("10.0.0.1"));
    }
}
