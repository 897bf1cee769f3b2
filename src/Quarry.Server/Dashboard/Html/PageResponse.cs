using System.Text;
using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Dashboard.Html;

/// <summary>
/// Writes dashboard pages: UTF-8 HTML, revalidated on every visit, with a Content-Security-Policy that lets a page load
/// nothing but this server's own assets (so the dashboard works offline and cannot leak requests elsewhere). A
/// <see cref="QuarryException"/> from a page becomes an HTML error page with MLflow's status for its code.
/// </summary>
internal static class PageResponse
{
    const string Csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                       "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

    /// <summary>Renders a page with <paramref name="render"/> and writes it (or the error page when it throws a QuarryException).</summary>
    public static async Task WriteAsync(HttpContext context, DashboardServices services, Func<HttpContext, Task<HtmlWriter>> render)
    {
        HtmlWriter page;
        int status = StatusCodes.Status200OK;
        try
        {
            page = await render(context).ConfigureAwait(false);
        }
        catch (QuarryException e)
        {
            status = MlflowErrors.ToMlflow(e.Code).Status;
            page = ErrorPage(services, status, e.Message);
        }
        await SendAsync(context, page, status).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="page"/> with the dashboard's headers.</summary>
    public static async Task SendAsync(HttpContext context, HtmlWriter page, int status)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = Csp;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        var bytes = Encoding.UTF8.GetBytes(page.ToString());
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An error page saying what went wrong, with a way back.</summary>
    public static HtmlWriter ErrorPage(DashboardServices services, int status, string message)
    {
        var h = new HtmlWriter();
        string title = status == StatusCodes.Status404NotFound ? "Not found" : "Cannot show this page";
        PageLayout.Begin(h, services, Section.Overview, title, [new Crumb("Overview", "/"), new Crumb(title, null)]);
        h.Add($"""<section class="panel error-page"><p class="error-text">{message}</p><p><a href="/">Back to the overview</a> · <a href="/experiments">Experiments</a></p></section>""");
        PageLayout.End(h);
        return h;
    }
}
