using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quarry.Server.Api;
using Quarry.Server.Auth;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Server.Dashboard.Pages;
using Quarry.Server.Dashboard.Studies;
using Quarry.Server.Hosting;
using Quarry.Server.Registry;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard;

/// <summary>
/// The web dashboard of <c>quarry serve</c>: server-rendered pages over the tracking store, one stylesheet and two
/// scripts served by Quarry, state in the URL. Routes: <c>/</c> overview, <c>/experiments</c>,
/// <c>/experiments/{id}</c> (its runs), <c>/experiments/{id}/runs.csv</c>, <c>/runs/{id}</c>,
/// <c>/compare?runs=ID,ID</c>, <c>/studies</c>, <c>/studies/{name}</c>, <c>/backtests/new</c>, <c>/backtests/{jobId}</c>,
/// <c>/runs/{id}/tearsheet</c>, <c>/runs/{id}/artifacts/view?path=</c> (and <c>/raw</c>, sandboxed), <c>/login</c> (and
/// <c>POST /login</c>, <c>POST /logout</c>), <c>/models</c>, <c>/models/{name}</c>,
/// <c>/assets/{name}</c>.
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
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<StoreHealth>().Kind, HealthEndpoints.Version)
        {
            Studies = sp.GetRequiredService<StudyQueries>(),
            CurrentUser = CurrentUser(sp.GetRequiredService<IHttpContextAccessor>()),
        };
        var signIn = sp.GetService<SignInService>();

        MapPage(app, "/", s, context => OverviewPage.RenderAsync(s, context.RequestAborted));
        MapPage(app, "/experiments", s, context => ExperimentsTreePage.RenderAsync(s, context.Request, context.RequestAborted));
        MapPage(app, "/experiments/{id}", s, context => ExperimentRunsPage.RenderAsync(s, Id(context), context.Request, context.RequestAborted));
        app.MapGet("/experiments/{id}/runs.csv", context => RunsCsv.WriteAsync(s, context, Id(context)));
        MapPage(app, "/runs/{id}", s, context => RunPage.RenderAsync(s, Id(context), context.Request, context.RequestAborted));
        MapPage(app, "/runs/{id}/artifacts/view", s, context => ArtifactViewPage.RenderAsync(s, Id(context), context.Request, context.RequestAborted));
        app.MapGet("/runs/{id}/artifacts/raw", context => ArtifactViewPage.ServeRawAsync(context, s, Id(context)));
        MapPage(app, "/compare", s, context => ComparePage.RenderAsync(s, context.Request, context.RequestAborted));
        MapPage(app, "/models", s, context => ModelsPage.RenderAsync(s, context.Registry(), context.Request, context.RequestAborted));
        MapPage(app, "/models/{**name}", s, context => ModelPage.RenderAsync(s, context.Registry(), (string)context.Request.RouteValues["name"]!, context.Request, context.RequestAborted));
        MapPage(app, "/backtests/new", s, context => BacktestLaunchPage.RenderAsync(s, context));
        MapPage(app, "/backtests/{id}", s, context => BacktestJobPage.RenderAsync(s, context.RequestServices, Id(context)));
        app.MapGet("/runs/{id}/tearsheet", context => RunTearsheet.WriteAsync(context, s, Id(context)));
        MapPage(app, "/studies", s, _ => Task.FromResult(StudiesPage.Render(s)));
        MapPage(app, "/studies/{name}", s, context => Task.FromResult(StudyPage.Render(s, (string)context.Request.RouteValues["name"]!, context.Request)));
        MapPage(app, AuthMiddleware.LoginPath, s, context => LoginActions.ShowAsync(s, signIn, context.Request));
        app.MapPost(AuthMiddleware.LoginPath, context => LoginActions.SignInAsync(context, s, signIn));
        app.MapPost(AuthMiddleware.LogoutPath, context => LoginActions.SignOutAsync(context, s, signIn));
        app.MapGet(DashboardAssets.Prefix + "{name}", context => s.Assets.ServeAsync(context, (string)context.Request.RouteValues["name"]!));
        return app;
    }

    static Func<string?> CurrentUser(IHttpContextAccessor accessor) =>
        () => accessor.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;

    static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    static void MapPage(IEndpointRouteBuilder app, string pattern, DashboardServices s, Func<HttpContext, Task<HtmlWriter>> render)
    {
        app.MapGet(pattern, (RequestDelegate)(context => PageResponse.WriteAsync(context, s, render)));
    }
}
