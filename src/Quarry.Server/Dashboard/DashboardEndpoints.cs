using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quarry.Server.Api;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Server.Dashboard.Pages;
using Quarry.Server.Hosting;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard;

/// <summary>
/// The web dashboard of <c>quarry serve</c>: server-rendered pages over the tracking store, one stylesheet and two
/// scripts served by Quarry, state in the URL. Routes: <c>/</c> overview, <c>/experiments</c>,
/// <c>/experiments/{id}</c> (its runs), <c>/experiments/{id}/runs.csv</c>, <c>/runs/{id}</c>,
/// <c>/compare?runs=ID,ID</c>, <c>/backtests/new</c>, <c>/backtests/{jobId}</c>, <c>/runs/{id}/tearsheet</c>, <c>/assets/{name}</c>.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Maps the dashboard's routes; its aggregate queries use their own pool, closed when the server stops.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var sp = app.ServiceProvider;
        var queries = new DashboardQueries(sp.GetRequiredService<ServerOptions>().Store);
        sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(queries.Dispose);
        var s = new DashboardServices(sp.GetRequiredService<ITrackingStore>, sp.GetRequiredService<RunQueries>(), queries,
            sp.GetRequiredService<IArtifactStore>, new DashboardAssets(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<StoreHealth>().Kind, HealthEndpoints.Version);

        MapPage(app, "/", s, context => OverviewPage.RenderAsync(s, context.RequestAborted));
        MapPage(app, "/experiments", s, context => ExperimentsTreePage.RenderAsync(s, context.Request, context.RequestAborted));
        MapPage(app, "/experiments/{id}", s, context => ExperimentRunsPage.RenderAsync(s, Id(context), context.Request, context.RequestAborted));
        app.MapGet("/experiments/{id}/runs.csv", context => RunsCsv.WriteAsync(s, context, Id(context)));
        MapPage(app, "/runs/{id}", s, context => RunPage.RenderAsync(s, Id(context), context.Request, context.RequestAborted));
        MapPage(app, "/compare", s, context => ComparePage.RenderAsync(s, context.Request, context.RequestAborted));
        MapPage(app, "/backtests/new", s, context => BacktestLaunchPage.RenderAsync(s, context));
        MapPage(app, "/backtests/{id}", s, context => BacktestJobPage.RenderAsync(s, context.RequestServices, Id(context)));
        app.MapGet("/runs/{id}/tearsheet", context => RunTearsheet.WriteAsync(context, s, Id(context)));
        app.MapGet(DashboardAssets.Prefix + "{name}", context => s.Assets.ServeAsync(context, (string)context.Request.RouteValues["name"]!));
        return app;
    }

    static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    static void MapPage(IEndpointRouteBuilder app, string pattern, DashboardServices s, Func<HttpContext, Task<HtmlWriter>> render)
    {
        app.MapGet(pattern, (RequestDelegate)(context => PageResponse.WriteAsync(context, s, render)));
    }
}
