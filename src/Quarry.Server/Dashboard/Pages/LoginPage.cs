using Quarry.Server.Dashboard.Html;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/login</c>: the sign-in form (user and password, posted to <c>/login</c> with the page to return to), an error
/// that does not say which part was wrong, and a note on an open server that nothing needs signing in.
/// </summary>
internal static class LoginPage
{
    /// <summary>Renders the form; <paramref name="next"/> is already a safe local path (<see cref="LoginActions.SafeNext"/>).</summary>
    public static HtmlWriter Render(DashboardServices s, string next, string? error, bool authConfigured)
    {
        var h = new HtmlWriter();
        PageLayout.Head(h, s, "Sign in");
        h.Add($"""<span class="topbar-meta">{s.StoreKind} · v{s.Version}</span></div></header>""");
        h.Raw("\n<main class=\"page login-page\"><section class=\"panel login\" id=\"login\"><h1>Sign in to Quarry</h1>");
        if (!authConfigured)
            h.Add($"""<p class="hint" id="login-open">This server has no authentication configured: every page is open. <a href="{next}">Continue →</a></p>""");
        else
        {
            if (error is not null) h.Add($"""<p class="error-text" id="login-error" role="alert">{error}</p>""");
            h.Add($"""
                <form method="post" action="/login" class="login-form" id="login-form">
                <input type="hidden" name="next" value="{next}">
                <label>User<input name="user" autocomplete="username" required autofocus></label>
                <label>Password<input name="password" type="password" autocomplete="current-password" required></label>
                <button type="submit">Sign in</button>
                </form>
                <p class="hint">API clients keep using HTTP Basic or a bearer token (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_TOKEN).</p>
                """);
        }
        h.Raw("</section></main>\n</body></html>\n");
        return h;
    }
}
