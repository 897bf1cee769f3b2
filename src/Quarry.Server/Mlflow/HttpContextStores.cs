using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Tracking;

namespace Quarry.Server.Mlflow;

/// <summary>The stores a handler works on, from the request's services (singletons; no per-request construction).</summary>
internal static class HttpContextStores
{
    public static ITrackingStore TrackingStore(this HttpContext context) => context.RequestServices.GetRequiredService<ITrackingStore>();

    public static Tracking.Models.ILoggedModelStore LoggedModelStore(this HttpContext context) =>
        context.RequestServices.GetRequiredService<Tracking.Models.ILoggedModelStore>();

    public static TimeProvider Time(this HttpContext context) => context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
}
