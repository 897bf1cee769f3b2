using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Quarry.Server.Mlflow;

/// <summary>
/// Tracking operations MLflow's protocol lacks (MLflow purges only with <c>mlflow gc</c>), under
/// <c>/api/quarry/tracking/</c> with MLflow's request and error conventions: <c>POST runs/purge {run_id}</c> and
/// <c>POST experiments/purge {experiment_id}</c> permanently delete a deleted run or experiment. Used by
/// <c>RestTrackingStore</c>.
/// </summary>
internal static class QuarryTrackingExtensionsApi
{
    public const string Prefix = "/api/quarry/tracking/";

    public static void MapQuarryTrackingExtensions(this IEndpointRouteBuilder app)
    {
        app.MapPost(Prefix + "runs/purge", PurgeRun);
        app.MapPost(Prefix + "experiments/purge", PurgeExperiment);
    }

    static async Task PurgeRun(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.TrackingStore().PurgeRunAsync(request.RunId(), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }

    static async Task PurgeExperiment(HttpContext context)
    {
        using var request = await MlflowRequest.ReadAsync(context).ConfigureAwait(false);
        await context.TrackingStore().PurgeExperimentAsync(request.RequiredString("experiment_id"), context.RequestAborted).ConfigureAwait(false);
        await MlflowResponse.Empty(context).ConfigureAwait(false);
    }
}
